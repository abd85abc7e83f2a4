import { isatty } from 'node:tty';
import { pino, type DestinationStream, type Logger, type LoggerOptions, type Level } from 'pino';
import { build as prettyStream } from 'pino-pretty';

export type { Logger, Level };

/** `json`: one JSON document per line (pipes, files, log collectors). `pretty`: readable lines for a human. */
export type LogFormat = 'json' | 'pretty';

export interface CreateLoggerOptions {
  /** Logger name (`name` field). */
  name?: string;
  /** Level; defaults to `LOG_LEVEL` from the environment, then `info`. */
  level?: Level | 'silent';
  /** Output format, beating everything else; by default see {@link resolveLogFormat}. */
  format?: LogFormat;
  /** The app's preference (`true` = pretty); `LOG_FORMAT` in the environment beats it. */
  pretty?: boolean;
  /** Paths to censor, e.g. `['req.headers.authorization']`. */
  redact?: string[];
  /** Fields on every line. */
  base?: Record<string, unknown>;
  /** Destination file descriptor (1 = stdout, 2 = stderr); default stdout. */
  destination?: number;
  /** Write JSON lines to this stream instead of a file descriptor (then the default format is JSON). */
  stream?: DestinationStream;
  /** Environment to read `LOG_LEVEL`/`LOG_FORMAT`/`LOG_PRETTY`/`NO_COLOR`/`FORCE_COLOR` from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /**
   * Called once when the destination's reader has gone (EPIPE: `app | tee log` and tee died). Logging has then
   * stopped for good (lines are dropped, never retried); apps usually shut down here.
   */
  onDestinationClosed?: () => void;
  /** pino hooks, inherited by every child logger (e.g. an app holding back start-up lines until its banner is out). */
  hooks?: LoggerOptions['hooks'];
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Resolves the level: explicit option, then `LOG_LEVEL`, then `info`. Unknown names fall back to `info`. */
export function resolveLogLevel(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const candidate = (option ?? env.LOG_LEVEL ?? 'info').toLowerCase();
  return (LEVELS.has(candidate) ? candidate : 'info') as Level | 'silent';
}

/**
 * The output format: the `format` option, then `LOG_FORMAT=json|pretty`, then the app's `pretty` preference, then
 * the older `LOG_PRETTY=1|0`, then pretty when the destination is a terminal and JSON otherwise.
 */
export function resolveLogFormat(
  options: Pick<CreateLoggerOptions, 'format' | 'pretty'>,
  env: NodeJS.ProcessEnv,
  isTerminal: boolean,
): LogFormat {
  if (options.format) return options.format;
  const forced = env.LOG_FORMAT?.trim().toLowerCase();
  if (forced === 'json' || forced === 'pretty') return forced;
  if (options.pretty !== undefined) return options.pretty ? 'pretty' : 'json';
  if (env.LOG_PRETTY) return /^(1|true|yes)$/i.test(env.LOG_PRETTY) ? 'pretty' : 'json';
  return isTerminal ? 'pretty' : 'json';
}

/** Colours for pretty output: never with `NO_COLOR` or `FORCE_COLOR=0`, always with another `FORCE_COLOR`, else on a terminal. */
export function useColour(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTerminal;
}

/**
 * The root logger of an app. Only apps call this; libraries accept a `logger` option and default to
 * {@link silentLogger}.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const fd = options.destination ?? 1;
  const terminal = options.stream === undefined && isatty(fd);
  const format = resolveLogFormat(options.stream && !options.format ? { format: 'json' } : options, env, terminal);
  const config: LoggerOptions = {
    level: resolveLogLevel(options.level, env),
    base: { pid: process.pid, ...(options.name ? { name: options.name } : {}), ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.redact ? { redact: { paths: options.redact, censor: '[redacted]' } } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  };
  if (options.stream && format === 'json') return pino(config, options.stream);
  // Synchronous writes: nothing is buffered, so a vanished reader can never leave an exit-time flush retrying
  // EPIPE forever (sonic-boom's flushSync does), and a line is out before the next one is formatted.
  const destination = pino.destination({ fd, sync: true });
  let closed = false;
  destination.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' || closed) return;
    closed = true;
    options.onDestinationClosed?.();
  });
  if (format === 'pretty') {
    // In process (no worker thread): lines keep their order with anything else the app prints.
    const pretty = prettyStream({ destination, colorize: useColour(env, terminal), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    return pino(config, pretty);
  }
  return pino(config, destination);
}

/** The default logger of every library: drops everything at no cost. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A library's logger: the caller's (or silent) with a `component` binding. */
export function componentLogger(logger: Logger | undefined, component: string): Logger {
  return (logger ?? silentLogger).child({ component });
}
