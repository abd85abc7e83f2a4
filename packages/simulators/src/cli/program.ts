import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createLogger, ExitCode, packageVersion, silentLogger, type Logger } from '@observatory/core';
import type { SimulatorModule } from '../framework/index.js';
import { validateType } from '../framework/index.js';
import { getSimulatorModule, simulatorModules } from '../systems/registry.js';
import { ephemeralWarning } from './ephemeral.js';
import { RotatingLogFile } from './rotating-log.js';
import { endpointsOf, stopIfOurs } from './probe.js';
import { findRunning, quoteList } from './running.js';
import { startSet, type StartedSet } from './start.js';
import { defaultStateDir } from './state-files.js';

const ACTIONS = ['start', 'stop', 'status', 'list'] as const;
type Action = (typeof ACTIONS)[number];

interface CliOptions {
  system?: string;
  type?: string;
  host: string;
  portOffset: number;
  detach?: boolean;
  stateDir: string;
  logLevel: string;
  logMaxBytes?: number;
  logFiles: number;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface BuildProgramOptions {
  io?: CliIo;
  env?: NodeJS.ProcessEnv;
  /** Install SIGINT/SIGTERM handlers while `start` runs in the foreground (default true). */
  handleSignals?: boolean;
  /** Logger for the simulators (default: `--log-level` (info) lines to `$ACSDATA/sim-server.log`, else `./sim-server.log`). */
  logger?: Logger;
}

const consoleIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

function portOffset(value: string): number {
  if (!/^-?\d+$/.test(value) || Math.abs(Number(value)) > 65535) throw new InvalidArgumentError('must be an integer');
  return Number(value);
}

/** The simulator log file, as upstream: `$ACSDATA/sim-server.log`, else the working directory. */
export function simulatorLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.ACSDATA ?? process.cwd(), 'sim-server.log');
}

/** Log settings: level (default info; debug logs every bad byte sequence) and optional size rotation. */
interface LogSettings {
  level: LogLevel;
  maxBytes?: number;
  files: number;
}

function fileLogger(env: NodeJS.ProcessEnv, settings: LogSettings): Logger {
  try {
    const path = simulatorLogPath(env);
    if (settings.maxBytes !== undefined) {
      return createLogger({ name: 'discos-simulator', level: settings.level, stream: new RotatingLogFile(path, settings.maxBytes, settings.files), env: {} });
    }
    const fd = openSync(path, 'a');
    return createLogger({ name: 'discos-simulator', level: settings.level, destination: fd, env: {} });
  } catch {
    return silentLogger;
  }
}

function usage(program: Command, message: string): never {
  program.error(message, { exitCode: ExitCode.Usage, code: 'usage' });
}

/** The `discos-simulator` command: `start|stop|status|list [-s SYSTEM] [-t TYPE] [--host H] [--port-offset N]`. */
export function buildProgram(options: BuildProgramOptions = {}): Command {
  const io = options.io ?? consoleIo;
  const env = options.env ?? process.env;
  const program = new Command('discos-simulator')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description('Start, stop and inspect the DISCOS device simulators.')
    .addHelpText('after', `\nSystems: ${simulatorModules().map((m) => m.name).join(', ')}`)
    .argument('<action>', `one of ${ACTIONS.join(', ')}`)
    .addOption(new Option('-s, --system <system>', 'system name: active_surface, acu, ...'))
    .addOption(new Option('-t, --type <type>', 'system configuration type: IFD_14_channels for if_distributor, ...'))
    .addOption(new Option('--host <host>', 'address to bind (0.0.0.0 to expose)').default(env.DISCOS_SIM_HOST ?? '127.0.0.1'))
    .addOption(
      new Option('--port-offset <n>', 'added to every port of every system')
        .argParser(portOffset)
        .default(env.DISCOS_SIM_PORT_OFFSET ? portOffset(env.DISCOS_SIM_PORT_OFFSET) : 0),
    )
    .addOption(new Option('--detach', 'start: run in the background and return once up'))
    .addOption(new Option('--state-dir <dir>', 'where running processes record themselves (private, mode 0700)').default(defaultStateDir(env)))
    .addOption(new Option('--log-level <level>', 'sim-server.log level').choices(LOG_LEVELS).default(env.DISCOS_SIM_LOG_LEVEL ?? 'info'))
    .addOption(
      new Option('--log-max-bytes <n>', 'rotate sim-server.log at this size (default: no rotation)')
        .argParser(positiveInt)
        .default(env.DISCOS_SIM_LOG_MAX_BYTES ? positiveInt(env.DISCOS_SIM_LOG_MAX_BYTES) : undefined),
    )
    .addOption(new Option('--log-files <n>', 'rotated log files kept').argParser(positiveInt).default(3))
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride()
    .action(async (action: string, opts: CliOptions) => {
      if (!(ACTIONS as readonly string[]).includes(action)) usage(program, `error: argument action: invalid choice: '${action}' (choose from ${ACTIONS.join(', ')})`);
      let modules: SimulatorModule[] = simulatorModules();
      if (opts.system !== undefined) {
        const module = getSimulatorModule(opts.system);
        if (!module) usage(program, `System '${opts.system}' unavailable.`);
        modules = [module];
      }
      if (opts.type !== undefined) {
        if (opts.system === undefined) usage(program, "The '--type' argument only has to be used in conjunction with the '--system' argument.");
        try {
          validateType(modules[0]!, opts.type);
        } catch (err) {
          usage(program, (err as Error).message);
        }
      }
      await run(action as Action, modules, opts, io, env, options);
    });
  return program;
}

async function run(action: Action, modules: SimulatorModule[], opts: CliOptions, io: CliIo, env: NodeJS.ProcessEnv, options: BuildProgramOptions): Promise<void> {
  const query = { modules: simulatorModules(), host: opts.host, portOffset: opts.portOffset, stateDir: opts.stateDir };
  switch (action) {
    case 'list': {
      io.out(`Available simulators: ${quoteList(simulatorModules().map((m) => m.name))}.`);
      const running = await findRunning(query);
      if (running.size > 0) io.out(`Running simulators: ${quoteList(running.values())}.`);
      return;
    }
    case 'status': {
      const running = await findRunning(query);
      io.out(running.size > 0 ? `Running simulators: ${quoteList(running.values())}.` : 'No simulator is running.');
      return;
    }
    case 'stop': {
      const running = await findRunning(query);
      // Stop everything at once, report in module order.
      const lines = await Promise.all(
        modules.map(async (module) => {
          const name = opts.type ?? module.name;
          if (!running.has(module.name)) return `Simulator '${name}' is not running.`;
          // Every endpoint must identify as this module before it gets the stop command.
          const results = await Promise.all(endpointsOf(module, opts.portOffset).map((e) => stopIfOurs(opts.host, e, module.name)));
          if (!results.some((r) => r.owner.kind === 'simulator' && r.owner.module === module.name)) return `Simulator '${name}' is not running.`;
          return `Sent stop to '${name}' simulator.`;
        }),
      );
      for (const line of lines) io.out(line);
      return;
    }
    case 'start': {
      const warning = ephemeralWarning(modules, opts.portOffset);
      if (warning && env.DISCOS_SIM_DETACHED !== '1') io.err(warning);
      if (opts.detach && env.DISCOS_SIM_DETACHED !== '1') await detach(io);
      else await foreground(modules, opts, io, env, options);
      return;
    }
  }
}

/** Runs the set in this process until every simulator stopped (Ctrl-C stops them all). */
async function foreground(modules: SimulatorModule[], opts: CliOptions, io: CliIo, env: NodeJS.ProcessEnv, options: BuildProgramOptions): Promise<void> {
  const detached = env.DISCOS_SIM_DETACHED === '1' && typeof process.send === 'function';
  const lines: string[] = [];
  let starting = true;
  const logger = options.logger ?? fileLogger(env, { level: opts.logLevel as LogLevel, maxBytes: opts.logMaxBytes, files: opts.logFiles });
  // A detached child reports its start-up lines to the parent, then has no terminal: later lines go to the log.
  const print = (line: string) => {
    if (!detached) io.out(line);
    else if (starting) lines.push(line);
    else if (line) logger.info(line);
  };
  // Handlers go in first: a signal arriving while starting must not kill the process uncleanly.
  let set: StartedSet | undefined;
  let interrupted = false;
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const onSignal = () => {
    print('');
    interrupted = true;
    void set?.stop();
  };
  if (options.handleSignals ?? true) for (const s of signals) process.on(s, onSignal);
  try {
    try {
      set = await startSet({ modules, type: opts.type, host: opts.host, portOffset: opts.portOffset, stateDir: opts.stateDir, logger, print });
    } catch (err) {
      if (detached) process.send?.({ error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    starting = false;
    if (detached) {
      process.send?.({ lines });
      process.disconnect?.();
    }
    if (interrupted) await set.stop();
    await set.finished;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

/** Starts the same command in a background process and returns once its simulators are up. */
async function detach(io: CliIo): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--detach');
  // No pipes to the child: it outlives this process, and a write to a dead pipe would kill it.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, DISCOS_SIM_DETACHED: '1' },
  });
  try {
    const lines = await new Promise<string[]>((resolve, reject) => {
      child.once('message', (message: { lines?: string[]; error?: string }) => {
        if (message.error !== undefined) reject(new Error(`background simulator failed: ${message.error}`));
        else resolve(message.lines ?? []);
      });
      child.once('exit', (code) => reject(new Error(`background simulator exited with code ${code} (see sim-server.log)`)));
      child.once('error', reject);
    });
    for (const line of lines) io.out(line);
  } finally {
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  }
}

/** Exit code for an error escaping the CLI: help 0, usage 2, anything else 1. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  return ExitCode.Failure;
}

/** Runs the CLI on `argv` (as `process.argv`) and returns the exit code. */
export async function runCli(argv: readonly string[], options: BuildProgramOptions = {}): Promise<number> {
  const io = options.io ?? consoleIo;
  try {
    await buildProgram(options).parseAsync([...argv]);
    return ExitCode.Ok;
  } catch (err) {
    const code = exitCodeFor(err);
    if (!(err instanceof CommanderError)) io.err(err instanceof Error ? (code === ExitCode.Failure && !('code' in err) ? (err.stack ?? err.message) : err.message) : String(err));
    return code;
  }
}
