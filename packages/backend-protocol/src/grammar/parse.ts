import { GrammarError } from '../errors.js';
import { isReplyCode, type Message } from './message.js';

/** Reason texts of the grammar errors (they go into the `invalid` reply). */
export const GRAMMAR_REASONS = {
  empty: 'empty message is not valid',
  syntax: 'invalid syntax',
  type: (char: string) => `invalid message type '${char}'`,
} as const;

const CR = 13;
const LF = 10;
const COMMA = 44;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 45;
}

/** True when `name` follows `[A-Za-z][A-Za-z0-9-]*`. */
export function isValidName(name: string): boolean {
  if (name.length === 0 || !isLetter(name.charCodeAt(0))) return false;
  for (let i = 1; i < name.length; i++) if (!isNameChar(name.charCodeAt(i))) return false;
  return true;
}

/** Index where the body ends once the permitted terminators (``, `\n`, `\r\n`, `\r\n\n`) are removed. */
function bodyEnd(text: string): number {
  const n = text.length;
  if (n === 0 || text.charCodeAt(n - 1) !== LF) return n;
  if (n >= 3 && text.charCodeAt(n - 2) === LF && text.charCodeAt(n - 3) === CR) return n - 3;
  if (n >= 2 && text.charCodeAt(n - 2) === CR) return n - 2;
  return n - 1;
}

function syntax(): GrammarError {
  return new GrammarError(GRAMMAR_REASONS.syntax);
}

/**
 * Parses one line (CRLF already removed by the framing, though a trailing `\n`, `\r\n` or `\r\n\n` is
 * tolerated as in the reference). Strings are latin-1: one character per byte.
 * Throws `GrammarError` with the spec's reason text.
 */
export function parseMessage(text: string): Message {
  if (text.length === 0) throw new GrammarError(GRAMMAR_REASONS.empty);
  const first = text[0]!;
  const isRequest = first === '?';
  if (!isRequest && first !== '!') throw new GrammarError(GRAMMAR_REASONS.type(first));
  const end = bodyEnd(text);
  // Name.
  let i = 1;
  if (i >= end || !isLetter(text.charCodeAt(i))) throw syntax();
  i++;
  while (i < end && isNameChar(text.charCodeAt(i))) i++;
  const name = text.slice(1, i);
  let code: Message['code'] = '';
  if (!isRequest) {
    if (i >= end || text.charCodeAt(i) !== COMMA) throw syntax();
    const codeStart = i + 1;
    let j = codeStart;
    while (j < end && text.charCodeAt(j) !== COMMA) j++;
    const candidate = text.slice(codeStart, j);
    if (!isReplyCode(candidate)) throw syntax();
    code = candidate;
    i = j;
  }
  if (i === end) return { type: isRequest ? 'request' : 'reply', name, code, args: [] };
  if (text.charCodeAt(i) !== COMMA || i + 1 >= end) throw syntax();
  for (let k = i + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === CR || c === LF) throw syntax();
  }
  return { type: isRequest ? 'request' : 'reply', name, code, args: text.slice(i + 1, end).split(',') };
}

/** Like {@link parseMessage} but returns the error instead of throwing (for hot paths and tests). */
export function tryParseMessage(text: string): Message | GrammarError {
  try {
    return parseMessage(text);
  } catch (err) {
    if (err instanceof GrammarError) return err;
    throw err;
  }
}
