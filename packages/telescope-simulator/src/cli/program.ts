import { Command, CommanderError, InvalidArgumentError as CommanderInvalidArgument, Option } from 'commander';
import { ExitCode, GracefulShutdown, ObservatoryError, createLogger, type Logger } from '@observatory/core';
import { startTelescopeSimServer, type RunningTelescopeSim, type StartTelescopeSimServerOptions } from '../http/start-server.js';
import { PACKAGE_NAME, packageVersion } from '../package-info.js';
import type { TelescopeTangoServer } from '../tango/telescope-tango-server.js';
import type { Telescope } from '../types.js';

/** What the `telescope-sim` command parsed. */
export interface TelescopeSimCliOptions {
  host: string;
  port: number;
  telescope: Telescope;
  subarrays?: number;
  control: boolean;
  readViaPubsub: boolean;
  allowedHost?: string[];
  logLevel?: string;
  tango?: boolean;
  tangoDb?: string;
  nodb?: boolean;
  httpPort?: number;
}

export interface BuildProgramOptions {
  /** Called once the server listens (tests and the app use it); default: nothing. */
  onListening?: (running: RunningTelescopeSim, logger: Logger) => void;
  /** With `--tango`: called once the devices are served (and exported to the database). */
  onTango?: (tango: TelescopeTangoServer, running: RunningTelescopeSim | undefined, logger: Logger) => void;
  /** Install SIGINT/SIGTERM handlers and exit when done (default true; tests pass false). */
  handleSignals?: boolean;
  env?: NodeJS.ProcessEnv;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new CommanderInvalidArgument('must be an integer 0..65535');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 99) throw new CommanderInvalidArgument('must be an integer 1..99');
  return n;
}

/** The `telescope-sim` command: serves a simulated telescope over HTTP+SSE until SIGINT/SIGTERM. */
export function buildProgram(options: BuildProgramOptions = {}): Command {
  const env = options.env ?? process.env;
  const program = new Command('telescope-sim')
    .description('Serve a simulated SKA telescope (TMC central node, TM/CSP/SDP subarrays) over HTTP + SSE.')
    .version(packageVersion(), '-V, --version')
    .addOption(new Option('--host <host>', 'address to bind').default(env.TELSIM_HOST ?? '127.0.0.1'))
    .addOption(new Option('-p, --port <port>', 'port to listen on (0: any free port)').argParser(port).default(env.TELSIM_PORT ? port(env.TELSIM_PORT) : 5100))
    .addOption(new Option('-t, --telescope <telescope>', 'which telescope to simulate').choices(['mid', 'low']).default('mid'))
    .addOption(new Option('--subarrays <n>', 'number of subarrays (default: mid 2, low 1)').argParser(count))
    .addOption(new Option('--no-control', 'disable the control endpoints (reset, faults, delays)'))
    .addOption(new Option('--read-via-pubsub', 'advertise read_via_pubsub=true in /health').default(false))
    .addOption(
      new Option('--allowed-host <name>', 'accept this Host name too, besides localhost/127.0.0.1/[::1]/the bind address; repeatable (TELSIM_ALLOWED_HOSTS, comma list)')
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)]),
    )
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addOption(new Option('--tango', 'serve the devices on Tango under their SKA names (then --port is the GIOP port; HTTP only with --http-port)'))
    .addOption(new Option('--tango-db <host:port>', 'Tango database to register with (default TANGO_HOST)'))
    .addOption(new Option('--nodb', 'with --tango: no database; clients use tango://127.0.0.1:PORT/<device>#dbase=no'))
    .addOption(new Option('--http-port <port>', 'with --tango: also serve HTTP+SSE (control, console) on this port, over the same simulator').argParser(port))
    .showHelpAfterError()
    .action(async (opts: TelescopeSimCliOptions, cmd: Command) => {
      const logger = createLogger({ name: 'telescope-sim', level: opts.logLevel as never, env });
      const shutdown = new GracefulShutdown({ logger, exit: options.handleSignals ?? true });
      if (opts.tango) {
        await serveTango(opts, cmd.getOptionValueSource('port') === 'default', env, options, logger, shutdown);
        return;
      }
      if (opts.tangoDb || opts.nodb || opts.httpPort !== undefined) {
        program.error('--tango-db, --nodb and --http-port need --tango', { exitCode: ExitCode.Usage, code: 'usage' });
      }
      const running = await startTelescopeSimServer(httpServerOptions(opts, opts.port, env, logger));
      shutdown.register('telescope-sim', running);
      if (!isLoopback(opts.host)) {
        logger.warn({ host: opts.host }, 'bound to a non-loopback address: the simulator has no authentication, anyone who can reach it can control it (see docs/security.md)');
      }
      if (options.handleSignals ?? true) shutdown.listen();
      logger.info({ url: running.url, telescope: opts.telescope, pkg: PACKAGE_NAME }, 'telescope-sim ready');
      options.onListening?.(running, logger);
    });
  program.exitOverride();
  return program;
}

/** The HTTP+SSE server the options describe (on `port`: `--port`, or `--http-port` beside Tango). */
function httpServerOptions(opts: TelescopeSimCliOptions, port: number, env: NodeJS.ProcessEnv, logger: Logger): StartTelescopeSimServerOptions {
  return {
    telescope: opts.telescope,
    host: opts.host,
    port,
    control: opts.control,
    readViaPubsub: opts.readViaPubsub,
    allowedHosts: opts.allowedHost ?? (env.TELSIM_ALLOWED_HOSTS ?? '').split(',').map((v) => v.trim()).filter(Boolean),
    simulator: opts.subarrays ? { subarrays: opts.subarrays } : undefined,
    logger,
  };
}

/** `telescope-sim --tango`: the simulator on Tango (database or nodb), optionally on HTTP+SSE too (one model). */
async function serveTango(
  opts: TelescopeSimCliOptions,
  portIsDefault: boolean,
  env: NodeJS.ProcessEnv,
  options: BuildProgramOptions,
  logger: Logger,
  shutdown: GracefulShutdown,
): Promise<void> {
  const tangoHost = opts.nodb ? undefined : (opts.tangoDb ?? env.TANGO_HOST);
  if (!opts.nodb && !tangoHost) {
    throw new CommanderError(ExitCode.Usage, 'usage', 'telescope-sim --tango needs a database: --tango-db host:port or TANGO_HOST, or --nodb --port P');
  }
  if (opts.nodb && opts.tangoDb) throw new CommanderError(ExitCode.Usage, 'usage', '--nodb and --tango-db exclude each other');
  const { serveTelescopeOnTango } = await import('../tango/telescope-tango-server.js');
  const { createTelescopeSimulator } = await import('../simulator.js');
  let running: RunningTelescopeSim | undefined;
  let simulator;
  if (opts.httpPort !== undefined) {
    running = await startTelescopeSimServer(httpServerOptions(opts, opts.httpPort, env, logger));
    simulator = running.simulator;
  } else {
    simulator = createTelescopeSimulator({ telescope: opts.telescope, subarrays: opts.subarrays, logger });
  }
  const sim = simulator;
  const tango = await serveTelescopeOnTango({ simulator: sim, tangoHost, host: opts.host, port: portIsDefault ? 0 : opts.port, logger }).catch(async (err: unknown) => {
    await running?.close();
    await sim.close();
    throw err;
  });
  // Stop order: Tango first (unexport), then HTTP, then the model.
  shutdown.register('telescope-sim model', { close: () => sim.close() });
  if (running) shutdown.register('telescope-sim http', running);
  shutdown.register('telescope-sim tango', tango);
  if (!isLoopback(opts.host)) logger.warn({ host: opts.host }, 'bound to a non-loopback address: the simulator has no authentication (see docs/security.md)');
  if (options.handleSignals ?? true) shutdown.listen();
  logger.info(
    { tangoHost: tangoHost ?? null, port: tango.port, centralNode: tango.deviceUrl(sim.names.centralNode), url: running?.url, telescope: opts.telescope, pkg: PACKAGE_NAME },
    'telescope-sim ready on Tango',
  );
  options.onTango?.(tango, running, logger);
}

/** Exit code for an error escaping the CLI: help/version 0, usage 2, anything else 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  return ExitCode.Failure;
}

/** Runs the CLI with `argv` (as `process.argv`); prints typed errors as one line, bugs with their stack. */
export async function runCli(argv: string[] = process.argv, options?: BuildProgramOptions): Promise<number> {
  try {
    await buildProgram(options).parseAsync(argv);
    return ExitCode.Ok;
  } catch (err) {
    const code = exitCodeFor(err);
    if (!(err instanceof CommanderError)) {
      // The CLI's one top-level report (libraries never print).
      console.error(err instanceof ObservatoryError ? `telescope-sim: ${err.message} (${err.code})` : err);
    }
    return code;
  }
}
