/** Process exit codes shared by every CLI and app. */
export const ExitCode = {
  Ok: 0,
  /** An operation failed (server unreachable, procedure failed, port busy…). */
  Failure: 1,
  /** The command line was wrong. */
  Usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
