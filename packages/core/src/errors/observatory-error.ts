/**
 * The base of every typed error in the monorepo. Callers branch on `code`, never on the message;
 * changing a code is a breaking change.
 */
export class ObservatoryError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `err` carries a stable string `code` (ours or Node's, e.g. `EADDRINUSE`). */
export function hasErrorCode(err: unknown, code?: string): err is Error & { code: string } {
  if (typeof err !== 'object' || err === null) return false;
  const actual = (err as { code?: unknown }).code;
  return typeof actual === 'string' && (code === undefined || actual === code);
}
