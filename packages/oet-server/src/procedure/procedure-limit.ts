import { OetError } from '../errors.js';

/** Default number of non-final procedures (each one is a process). */
export const DEFAULT_MAX_PROCEDURES = 32;

/** Seconds a client is told to wait before creating again. */
const RETRY_AFTER_S = 5;

/** Creating another procedure would exceed `maxProcedures` (429 with `Retry-After`). */
export class TooManyProceduresError extends OetError {
  override readonly headers = { 'retry-after': String(RETRY_AFTER_S) };
  constructor(readonly limit: number) {
    super(
      'OET_TOO_MANY_PROCEDURES',
      429,
      `Too many procedures: ${limit} are not finished; stop one or wait for one to finish (limit: --max-procedures)`,
    );
  }
}

/** Throws when `live` non-final procedures already fill the limit. */
export function assertProcedureCapacity(live: number, limit: number): void {
  if (live >= limit) throw new TooManyProceduresError(limit);
}
