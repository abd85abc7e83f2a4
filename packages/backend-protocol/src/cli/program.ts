import { createWriteStream } from 'node:fs';
import { AddressInUseError, ExitCode, GracefulShutdown, ObservatoryError, createLogger, packageVersion, type Level, type Logger } from '@observatory/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AlwaysFailHandler, AlwaysOkHandler, AlwaysRaiseHandler } from '../handler/debug-handlers.js';
import type { Handler } from '../handler/handler.js';
import { BackendProtocolHandler } from '../handler/protocol-handler.js';
import { SimulatorBackend } from '../handler/simulator-backend.js';
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '../protocol-version.js';
import { createBackendServer, type BackendServer } from '../server/backend-server.js';

/** The app's default port (the reference README's example). */
export const DEFAULT_PORT = 8978;

export const HANDLER_NAMES = ['simulator', 'ok', 'fail', 'raise', 'always-ok', 'always-fail', 'always-raise'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

/** The handler behind a `--handler` name. */
export function handlerFor(name: HandlerName, protocolVersion: ProtocolVersion, logger?: Logger): Handler {
  switch (name) {
    case 'simulator':
      return new BackendProtocolHandler(new SimulatorBackend({ logger }), { protocolVersion, logger });
    case 'ok':
    case 'always-ok':
      return new AlwaysOkHandler();
    case 'fail':
    case 'always-fail':
      return new AlwaysFailHandler();
    case 'raise':
    case 'always-raise':
      return new AlwaysRaiseHandler();
  }
}

export interface RunOptions {
  host: string;
  port: number;
  handler: HandlerName;
  protocolVersion: ProtocolVersion;
  logLevel?: string;
  logFile?: string;
  idleTimeoutMs?: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return port;
}

function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('must be a positive integer');
  return Number(value);
}

/**
 * Starts a backend server with JSON logs and graceful shutdown on SIGINT/SIGTERM; prints the bound
 * address. Throws `AddressInUseError` when the port is taken.
 */
export async function runBackend(options: RunOptions): Promise<BackendServer> {
  const logger = createLogger({
    name: 'discos-backend',
    level: options.logLevel as Level | 'silent' | undefined,
    ...(options.logFile ? { stream: createWriteStream(options.logFile, { flags: 'a' }) } : {}),
  });
  const server = createBackendServer({
    handler: handlerFor(options.handler, options.protocolVersion, logger),
    host: options.host,
    port: options.port,
    protocolVersion: options.protocolVersion,
    idleTimeoutMs: options.idleTimeoutMs,
    logger,
  });
  const address = await server.listen();
  const shutdown = new GracefulShutdown({ logger, timeoutMs: 5000 });
  shutdown.register('backend-server', server);
  shutdown.listen();
  console.log(`discos-backend listening on ${address.host}:${address.port} (protocol ${options.protocolVersion}, handler ${options.handler})`);
  return server;
}

/** The `discos-backend` command line. */
export function buildProgram(): Command {
  const program = new Command('discos-backend')
    .version(packageVersion(import.meta.url), '-V, --version')
    .description('DISCOS backend protocol server (simulator or debug handlers)')
    .addOption(new Option('--host <host>', 'address to bind (0.0.0.0 exposes the server)').default('127.0.0.1').env('DISCOS_BACKEND_HOST'))
    .addOption(new Option('--port <port>', 'TCP port (0 picks a free one)').default(DEFAULT_PORT).argParser(parsePort).env('DISCOS_BACKEND_PORT'))
    .addOption(new Option('--handler <name>', 'request handler').choices(HANDLER_NAMES).default('simulator'))
    .addOption(new Option('--protocol-version <version>', 'protocol version to serve').choices(PROTOCOL_VERSIONS).default('1.4'))
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addOption(new Option('--log-file <path>', 'append JSON logs to this file instead of stdout'))
    .addOption(new Option('--idle-timeout-ms <ms>', 'close connections idle this long').argParser(parsePositiveInt))
    .showHelpAfterError()
    .action(async (opts: RunOptions) => {
      await runBackend(opts);
    });
  return program;
}

/** Maps an error that reached the top level to an exit code, printing one clear line (a stack for bugs). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if (err instanceof AddressInUseError) {
    console.error(`discos-backend: ${err.message} (is another server running? choose another --port)`);
    return ExitCode.Failure;
  }
  if (err instanceof ObservatoryError) {
    console.error(`discos-backend: ${err.message}`);
    return ExitCode.Failure;
  }
  console.error(err);
  return ExitCode.Failure;
}

/** Runs the CLI (used by the package bin and by `apps/discos-backend`). */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await buildProgram().exitOverride().parseAsync([...argv]);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}
