import { ExitCode, ObservatoryError, packageVersion } from '@observatory/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TangoClient } from '../client/tango-client.js';
import { formatTangoName, parseTangoName, type TangoName } from '../client/names.js';
import type { DeviceProxy } from '../client/device-proxy.js';
import { EventSubscriber, type EventType, type TangoEvent } from '../events/subscriber.js';
import { CmdArgType, cmdArgTypeName } from '../idl/enums.js';
import type { CommandInput } from '../idl/command-any.js';
import type { WriteInput } from '../client/attribute-data.js';
import { TangoError } from '../errors/tango-errors.js';
import { enumLabelOf, formatAttributeValue, formatValue, parseAttributeValue, parseCommandArg, readingToJson, toJsonValue } from './format.js';

/** Where the CLI writes (injectable so tests capture it). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the user interrupts `watch` (SIGINT/SIGTERM). */
  interrupted(): Promise<void>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interrupted: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
};

interface GlobalOptions {
  json?: boolean;
  timeout: number;
  tangoHost?: string;
}

function parseMs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('must be a positive integer (milliseconds)');
  return Number(value);
}

/** Device name of an attribute name, keeping `tango://host:port/` and `#dbase=no`. */
function deviceOf(n: TangoName): string {
  return formatTangoName({ ...n, attribute: undefined });
}

function attributeName(text: string): TangoName & { attribute: string } {
  return parseTangoName(text, 'required') as TangoName & { attribute: string };
}

async function withClient<T>(opts: GlobalOptions, fn: (client: TangoClient) => Promise<T>): Promise<T> {
  const client = new TangoClient({ tangoHost: opts.tangoHost, timeoutMs: opts.timeout });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Labels of the DevEnum attributes among `names` (lower-cased name → labels); other attributes are absent. */
async function enumLabels(proxy: DeviceProxy, names: string[]): Promise<Map<string, string[]>> {
  const labels = new Map<string, string[]>();
  if (!names.length) return labels;
  for (const c of await proxy.attributeConfig(names)) {
    if (c.data_type === CmdArgType.DevEnum && c.enum_labels.length) labels.set(c.name.toLowerCase(), c.enum_labels);
  }
  return labels;
}

function printEvent(io: CliIo, json: boolean | undefined, name: string, e: TangoEvent, labels: string[] | undefined): void {
  const label = e.reading ? enumLabelOf(e.reading.value, labels) : undefined;
  if (json) {
    io.out(
      JSON.stringify({
        name,
        type: e.type,
        source: e.source,
        time: e.received.toISOString(),
        ...(e.reading ? { value: toJsonValue(e.reading.value), ...(label !== undefined ? { label } : {}), quality: e.reading.quality } : {}),
        ...(e.config ? { config: toJsonValue(e.config) } : {}),
        ...(e.error ? { error: { reason: e.error.reason, desc: e.error.errors[0]?.desc ?? e.error.message } } : {}),
      }),
    );
    return;
  }
  const when = e.received.toISOString();
  if (e.error) io.out(`${when} ${name} ${e.type} ERROR ${e.error.reason ?? e.error.code}: ${e.error.errors[0]?.desc ?? e.error.message}`);
  else if (e.reading) io.out(`${when} ${name} ${e.type} ${formatAttributeValue(e.reading.value, labels)} ${e.reading.quality}`);
  else if (e.config) io.out(`${when} ${name} ${e.type} config changed (label ${e.config.label}, unit ${e.config.unit || '-'})`);
}

/** The `tango` command line (spec: issue 16). `main()` maps errors to exit codes 0/1/2. */
export function buildTangoProgram(io: CliIo = processIo): Command {
  const program = new Command('tango')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description('Read, write, run commands on and watch Tango devices (native client, no ORB)')
    .addOption(new Option('--json', 'print JSON on stdout'))
    .addOption(new Option('--timeout <ms>', 'per-call timeout').default(3000).argParser(parseMs))
    .addOption(new Option('--tango-host <host:port>', 'Tango database (comma-separated for several)').env('TANGO_HOST'))
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();

  program
    .command('read')
    .description('read attributes: tango read sys/tg_test/1/double_scalar [more...]')
    .argument('<attributes...>', 'domain/family/member/attribute (or tango://host:port/...[#dbase=no])')
    .action(async (names: string[]) => {
      const opts = globals();
      const parsed = names.map(attributeName);
      await withClient(opts, async (client) => {
        const byDevice = new Map<string, { proxy: DeviceProxy; items: { index: number; attr: string }[] }>();
        parsed.forEach((n, index) => {
          const key = deviceOf(n);
          let entry = byDevice.get(key);
          if (!entry) byDevice.set(key, (entry = { proxy: client.device(key), items: [] }));
          entry.items.push({ index, attr: n.attribute });
        });
        const results: Record<string, unknown>[] = new Array(names.length);
        let failed = false;
        await Promise.all(
          [...byDevice.values()].map(async ({ proxy, items }) => {
            const readings = await proxy.readMany(items.map((i) => i.attr));
            const labelsOf = await enumLabels(
              proxy,
              readings.filter((r) => !r.error && r.dataType === CmdArgType.DevEnum).map((r) => r.name),
            );
            readings.forEach((r, k) => {
              const { index } = items[k]!;
              if (r.error) failed = true;
              const labels = labelsOf.get(r.name.toLowerCase());
              results[index] = readingToJson(names[index]!, r, labels);
              if (!opts.json) {
                if (r.error) io.err(`${names[index]}: ${r.error.reason}: ${r.error.errors[0]?.desc ?? ''}`);
                else io.out(`${names[index]} ${formatAttributeValue(r.value, labels)}${r.writeValue !== undefined ? ` (set point ${formatAttributeValue(r.writeValue, labels)})` : ''} ${r.quality}`);
              }
            });
          }),
        );
        if (opts.json) io.out(JSON.stringify(results.length === 1 ? results[0] : results));
        if (failed) process.exitCode = ExitCode.Failure;
      });
    });

  program
    .command('write')
    .description('write an attribute: tango write sys/tg_test/1/double_scalar 3.5 (lists: 1,2,3 or [1,2,3]; images: [[1,2],[3,4]])')
    .argument('<attribute>')
    .argument('<value>')
    .action(async (name: string, value: string) => {
      const opts = globals();
      const n = attributeName(name);
      await withClient(opts, async (client) => {
        const proxy = client.device(deviceOf(n));
        const [config] = await proxy.attributeConfig([n.attribute]);
        const parsed = parseAttributeValue(value, config!.data_type, config!.data_format);
        await proxy.write(n.attribute, parsed as WriteInput);
        if (opts.json) io.out(JSON.stringify({ name, written: toJsonValue(parsed) }));
        else io.out(`${name} ← ${formatValue(parsed)}`);
      });
    });

  program
    .command('cmd')
    .description('run a command: tango cmd sys/tg_test/1 DevString hello')
    .argument('<device>')
    .argument('<command>')
    .argument('[arg]', 'argument (lists: 1,2,3 or JSON)')
    .action(async (device: string, command: string, arg: string | undefined) => {
      const opts = globals();
      parseTangoName(device, 'none');
      await withClient(opts, async (client) => {
        const proxy = client.device(device);
        let input: CommandInput | undefined;
        if (arg !== undefined) {
          const info = await proxy.commandQuery(command);
          input = parseCommandArg(arg, info.inType) as CommandInput;
        }
        const result = await proxy.command(command, input);
        if (opts.json) io.out(JSON.stringify({ device, command, result: toJsonValue(result) ?? null }));
        else if (result !== undefined) io.out(formatValue(result));
      });
    });

  program
    .command('info')
    .description('device information, state and status')
    .argument('<device>')
    .action(async (device: string) => {
      const opts = globals();
      await withClient(opts, async (client) => {
        const proxy = client.device(device);
        const [info, state, status, commands, attributes] = await Promise.all([proxy.info(), proxy.state(), proxy.status(), proxy.commandList(), proxy.attributeList()]);
        if (opts.json) {
          io.out(JSON.stringify({ device: proxy.name, ...info, state, status, commands: commands.map((c) => ({ name: c.name, in: cmdArgTypeName(c.inType), out: cmdArgTypeName(c.outType) })), attributes }));
          return;
        }
        io.out(`device   ${proxy.name}`);
        io.out(`class    ${info.devClass}`);
        io.out(`server   ${info.serverId} on ${info.serverHost} (IDL ${info.serverVersion})`);
        io.out(`state    ${state}`);
        io.out(`status   ${status}`);
        io.out(`commands ${commands.map((c) => c.name).join(', ')}`);
        io.out(`attrs    ${attributes.join(', ')}`);
      });
    });

  program
    .command('ls')
    .description('list devices declared in the database (needs --tango-host or TANGO_HOST)')
    .argument('[pattern]', 'wildcard pattern, e.g. sys/*', '*')
    .option('--exported', 'only devices whose server is running')
    .action(async (pattern: string, cmdOpts: { exported?: boolean }) => {
      const opts = globals();
      await withClient(opts, async (client) => {
        const db = client.database();
        const names = cmdOpts.exported ? await db.getDeviceExportedList(pattern) : await db.getDeviceWideList(pattern);
        if (opts.json) io.out(JSON.stringify(names));
        else for (const n of names) io.out(n);
      });
    });

  program
    .command('watch')
    .description('print events until Ctrl-C: tango watch sys/tg_test/1/double_scalar [--polling 500]')
    .argument('<attributes...>')
    .addOption(new Option('--event <type>', 'event type').choices(['change', 'periodic', 'archive', 'user_event', 'attr_conf', 'data_ready']).default('change'))
    .addOption(new Option('--polling <ms>', 'poll every <ms> instead of subscribing to events').argParser(parseMs))
    .action(async (names: string[], cmdOpts: { event: EventType; polling?: number }) => {
      const opts = globals();
      const parsed = names.map(attributeName);
      await withClient(opts, async (client) => {
        await using events = new EventSubscriber({ pollingPeriodMs: cmdOpts.polling });
        for (const [i, n] of parsed.entries()) {
          const proxy = client.device(deviceOf(n));
          // An unreadable config is not fatal here: the subscription reports the attribute's error itself.
          let labels = (await enumLabels(proxy, [n.attribute]).catch(() => undefined))?.get(n.attribute.toLowerCase());
          const print = (e: TangoEvent): void => {
            if (e.config) labels = e.config.data_type === CmdArgType.DevEnum && e.config.enum_labels.length ? e.config.enum_labels : labels;
            printEvent(io, opts.json, names[i]!, e, labels);
          };
          await events.subscribe(proxy, n.attribute, cmdOpts.event, print, { polling: cmdOpts.polling !== undefined });
        }
        await io.interrupted();
      });
    });

  return program;
}

/** Maps an error that reached the top level to an exit code, printing one clear line (a stack for bugs). */
export function tangoExitCodeFor(err: unknown, io: CliIo = processIo): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if (err instanceof TangoError) {
    const first = err.errors[0];
    io.err(first ? `tango: ${first.reason}: ${first.desc}` : `tango: ${err.message}`);
    return err.code === 'TANGO_NAME_INVALID' || err.code === 'TANGO_VALUE_INVALID' ? ExitCode.Usage : ExitCode.Failure;
  }
  if (err instanceof ObservatoryError) {
    io.err(`tango: ${err.message}`);
    return ExitCode.Failure;
  }
  io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return ExitCode.Failure;
}

/** Runs the CLI (the package bin). */
export async function runTangoCli(argv: readonly string[] = process.argv, io: CliIo = processIo): Promise<number> {
  // `tango ... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
  if (io === processIo) process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  try {
    await buildTangoProgram(io).exitOverride().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    const code = tangoExitCodeFor(err, io);
    process.exitCode = code;
    return code;
  }
}
