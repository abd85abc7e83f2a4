import { jsonNestingExceeds } from '@observatory/core';

/** Characters of one command argument kept in the command log. */
export const MAX_LOGGED_ARGIN_CHARS = 4096;
/** Deepest nesting of an argument kept as a value (deeper ones are logged as their JSON text). */
const MAX_LOGGED_DEPTH = 64;

export interface LoggedArgin {
  /** The argument, or its first {@link MAX_LOGGED_ARGIN_CHARS} characters (JSON text for non-strings). */
  argin?: unknown;
  /** Set when `argin` was cut or could not be kept as a value. */
  arginTruncated?: true;
  /** Characters the entry holds for the argument (the log's byte budget counts them). */
  chars: number;
}

/**
 * What the command log keeps of an argument: small values as they are (a copy), anything larger cut to
 * a bounded string, so a client cannot grow the log without bound or make it unserialisable.
 */
export function loggedArgin(argin: unknown): LoggedArgin {
  if (argin === undefined) return { chars: 0 };
  if (typeof argin === 'string') {
    if (argin.length <= MAX_LOGGED_ARGIN_CHARS) return { argin, chars: argin.length };
    return { argin: argin.slice(0, MAX_LOGGED_ARGIN_CHARS), arginTruncated: true, chars: MAX_LOGGED_ARGIN_CHARS };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(argin);
  } catch {
    text = undefined; // cyclic, a bigint, or so deep the serialiser overflowed
  }
  if (text === undefined) return { argin: String(typeof argin), arginTruncated: true, chars: 16 };
  if (text.length <= MAX_LOGGED_ARGIN_CHARS && !jsonNestingExceeds(text, MAX_LOGGED_DEPTH)) return { argin: JSON.parse(text) as unknown, chars: text.length };
  const cut = text.slice(0, MAX_LOGGED_ARGIN_CHARS);
  return { argin: cut, arginTruncated: true, chars: cut.length };
}
