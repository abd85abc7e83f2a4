import { ObservatoryError } from '../errors/observatory-error.js';

/**
 * The HTTP status of a typed error: its own `status` when it carries one (a 4xx/5xx number), else the
 * status its `code` maps to in `statusByCode`, else `fallback`. Anything that is not an
 * {@link ObservatoryError} is `fallback`: an unexpected error never leaks as a client error.
 */
export function httpStatusForError(err: unknown, statusByCode: Readonly<Record<string, number>> = {}, fallback = 500): number {
  if (!(err instanceof ObservatoryError)) return fallback;
  const own = (err as { status?: unknown }).status;
  if (typeof own === 'number' && Number.isInteger(own) && own >= 400 && own <= 599) return own;
  return statusByCode[err.code] ?? fallback;
}
