import { createWriteStream } from 'node:fs';
import { AddressInUseError, ExitCode, GracefulShutdown, ObservatoryError, createLogger, packageVersion, type Level, type Logger } from '@observatory/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DatabaseServer } from '../../database/database-server.js';
import { TangoTestClass } from '../../devices/tango-test.js';
import { DeviceServer } from '../device-server.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return port;
}

interface CommonOptions {
  host: string;
  logLevel?: string;
  logFile?: string;
}

function logger(name: string, o: CommonOptions): Logger {
  return createLogger({
    name,
    level: (o.logLevel ?? 'warn') as Level | 'silent',
    ...(o.logFile ? { stream: createWriteStream(o.logFile, { flags: 'a' }) } : {}),
  });
}

const logOptions = (cmd: Command): Command =>
  cmd
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addOption(new Option('--log-file <path>', 'append JSON logs to this file instead of stdout'));

/** `tango-db`: an embedded Tango database (sys/database/2) in SQLite or memory. */
export function buildTangoDbProgram(): Command {
  const program = new Command('tango-db')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description('Embedded Tango database (sys/database/2): TANGO_HOST for cppTango, PyTango and our client, with no MariaDB')
    .addOption(new Option('--host <host>', 'address to bind (0.0.0.0 exposes the database)').default('127.0.0.1').env('TANGO_DB_HOST'))
    .addOption(new Option('--port <port>', 'GIOP port (0 picks a free one)').default(10000).argParser(parsePort).env('TANGO_DB_PORT'))
    .addOption(new Option('--file <path>', 'SQLite file (created if missing); without it the database lives in memory').env('TANGO_DB_FILE'));
  logOptions(program)
    .showHelpAfterError()
    .action(async (o: CommonOptions & { port: number; file?: string }) => {
      const log = logger('tango-db', o);
      const db = new DatabaseServer({ host: o.host, port: o.port, file: o.file, logger: log });
      await db.start();
      const shutdown = new GracefulShutdown({ logger: log, timeoutMs: 5000 });
      shutdown.register('tango-db', db);
      shutdown.listen();
      process.stdout.write(`tango-db listening on ${db.tangoHost} (${o.file ? `file ${o.file}` : 'in memory'}); export TANGO_HOST=${db.tangoHost}\n`);
    });
  return program;
}

/** `tango-test-device`: the TypeScript TangoTest-like device server. */
export function buildTangoTestDeviceProgram(): Command {
  const program = new Command('tango-test-device')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description("A TypeScript device server with cppTango TangoTest's interface")
    .argument('[instance]', 'server instance name (server TangoTest/<instance>)', 'test')
    .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'GIOP port (0 picks a free one)').default(0).argParser(parsePort))
    .addOption(new Option('--device <name...>', 'device name(s) to serve').default(['sys/tg_test/1']))
    .addOption(new Option('--nodb', 'serve without a database (clients use tango://host:port/name#dbase=no)'))
    .addOption(new Option('--tango-host <host:port>', 'Tango database (default: TANGO_HOST)').env('TANGO_HOST'));
  logOptions(program)
    .showHelpAfterError()
    .action(async (instance: string, o: CommonOptions & { port: number; device: string[]; nodb?: boolean; tangoHost?: string }) => {
      if (!o.nodb && !o.tangoHost) program.error('set TANGO_HOST (or --tango-host), or pass --nodb', { exitCode: ExitCode.Usage, code: 'usage' });
      const log = logger('tango-test-device', o);
      const server = new DeviceServer({
        executable: 'TangoTest',
        instance,
        host: o.host,
        port: o.port,
        tangoHost: o.nodb ? undefined : o.tangoHost,
        devices: o.device.map((name) => ({ deviceClass: TangoTestClass, name })),
        logger: log,
      });
      await server.start();
      const shutdown = new GracefulShutdown({ logger: log, timeoutMs: 5000 });
      shutdown.register('device-server', server);
      shutdown.listen();
      server.once('kill', () => void shutdown.shutdown());
      for (const [name, url] of Object.entries(server.urls())) process.stdout.write(`${name}: ${url}\n`);
      process.stdout.write(`tango-test-device TangoTest/${instance} ready on port ${server.port}\n`);
    });
  return program;
}

/** Maps an error that reached the top level to an exit code, printing one clear line. */
export function serverExitCodeFor(name: string, err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if (err instanceof AddressInUseError) {
    process.stderr.write(`${name}: ${err.message} (is another server running? choose another --port)\n`);
    return ExitCode.Failure;
  }
  if (err instanceof ObservatoryError) {
    process.stderr.write(`${name}: ${err.message}\n`);
    return ExitCode.Failure;
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return ExitCode.Failure;
}

/** Runs one of the server CLIs (the package bins). */
export async function runServerCli(name: 'tango-db' | 'tango-test-device', argv: readonly string[] = process.argv): Promise<void> {
  const program = name === 'tango-db' ? buildTangoDbProgram() : buildTangoTestDeviceProgram();
  try {
    await program.exitOverride().parseAsync(argv);
  } catch (err) {
    process.exitCode = serverExitCodeFor(name, err);
  }
}
