/** Where the CLI writes; `process.stdout` fits, and so does a test's string collector. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Fires on Ctrl-C: listening commands detach and exit 0. */
  signal?: AbortSignal;
}

/** The real process streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}

/** Colour only on a terminal and never under `NO_COLOR` (any non-empty value, see no-color.org). */
export function useColour(stream: OutputStream, env: CliIo['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
