import { pino, type DestinationStream, type Logger, type LoggerOptions, type Level } from 'pino';

export type { Logger, Level };

export interface CreateLoggerOptions {
  /** Logger name (`name` field). */
  name?: string;
  /** Level; defaults to `LOG_LEVEL` from the environment, then `info`. */
  level?: Level | 'silent';
  /** Human-readable output through pino-pretty instead of JSON lines. */
  pretty?: boolean;
  /** Paths to censor, e.g. `['req.headers.authorization']`. */
  redact?: string[];
  /** Fields on every line. */
  base?: Record<string, unknown>;
  /** Destination file descriptor (1 = stdout, 2 = stderr); default stdout. */
  destination?: number;
  /** Write JSON lines to this stream instead of a file descriptor (ignored when `pretty`). */
  stream?: DestinationStream;
  /** Environment to read `LOG_LEVEL`/`LOG_PRETTY` from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Resolves the level: explicit option, then `LOG_LEVEL`, then `info`. Unknown names fall back to `info`. */
export function resolveLogLevel(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const candidate = (option ?? env.LOG_LEVEL ?? 'info').toLowerCase();
  return (LEVELS.has(candidate) ? candidate : 'info') as Level | 'silent';
}

/**
 * The root logger of an app. Only apps call this; libraries accept a `logger` option and default to
 * {@link silentLogger}.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const pretty = options.pretty ?? /^(1|true|yes)$/i.test(env.LOG_PRETTY ?? '');
  const config: LoggerOptions = {
    level: resolveLogLevel(options.level, env),
    base: { pid: process.pid, ...(options.name ? { name: options.name } : {}), ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.redact ? { redact: { paths: options.redact, censor: '[redacted]' } } : {}),
  };
  const fd = options.destination ?? 1;
  if (pretty) {
    return pino({
      ...config,
      transport: { target: 'pino-pretty', options: { destination: fd, colorize: !env.NO_COLOR, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(config, options.stream ?? pino.destination({ fd, sync: fd === 2 }));
}

/** The default logger of every library: drops everything at no cost. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A library's logger: the caller's (or silent) with a `component` binding. */
export function componentLogger(logger: Logger | undefined, component: string): Logger {
  return (logger ?? silentLogger).child({ component });
}
