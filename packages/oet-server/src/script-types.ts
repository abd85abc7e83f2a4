/** Positional and keyword arguments of `init` or `main`, as sent in `script_args`. */
export interface ScriptInput {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

type LogFn = {
  (msg: string, ...args: unknown[]): void;
  (obj: object, msg?: string, ...args: unknown[]): void;
};

/** The pino-compatible logger a script receives; lines go to the server log bound to `{ pid }`. */
export interface ScriptLogger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): ScriptLogger;
}

/** Feature flags from `oet.ini` (and env overrides). */
export interface OetFlags {
  read_via_pubsub: boolean;
}

/** What `init` and `main` receive as their second argument. */
export interface ScriptContext {
  procedureId: number;
  /** `init` kwargs `subarray_id`, or null. */
  subarrayId: number | string | null;
  /** Emits `{ msg_src: String(procedureId), ...payload, topic }` on the server's event stream. */
  publish(topic: string, payload?: Record<string, unknown>): void;
  log: ScriptLogger;
  /** Fires when the procedure is stopped; the process is killed after the grace period anyway. */
  signal: AbortSignal;
  flags: OetFlags;
}

/** The shape of a script's `init` and `main` exports. */
export type ScriptFn = (input: ScriptInput, ctx: ScriptContext) => unknown;
