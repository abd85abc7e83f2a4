import { isReplyCode, type Message } from './message.js';
import { isValidName } from './parse.js';

/** The wire text of a message without CRLF: `?name[,a1,…]` or `!name,code[,a1,…]`. */
export function serialiseMessage(message: Message): string {
  const args = message.args.length > 0 ? `,${message.args.join(',')}` : '';
  return message.type === 'reply' ? `!${message.name},${message.code}${args}` : `?${message.name}${args}`;
}

/** The wire bytes of a message: latin-1 text plus CRLF. */
export function encodeMessage(message: Message): Buffer {
  return Buffer.from(`${serialiseMessage(message)}\r\n`, 'latin1');
}

// Arguments must not hold CR/LF (framing) nor characters beyond latin-1 (one byte per character).
const BAD_ARG_CHAR = /[\r\n\u0100-\uffff]/;

/** True when `message` would serialise to a line that parses back as the same reply. */
export function isWellFormedReply(message: Message): boolean {
  if (message.type !== 'reply' || !isReplyCode(message.code) || !isValidName(message.name)) return false;
  const { args } = message;
  if (!Array.isArray(args)) return false;
  if (args.length === 1 && args[0] === '') return false;
  for (const arg of args) if (typeof arg !== 'string' || BAD_ARG_CHAR.test(arg)) return false;
  return true;
}

/**
 * A correct reply to `request`: a reply, with the request's name, whose serialisation parses
 * again. Stricter than the reference on purpose: no argument may hold CR/LF or non-latin-1 characters.
 */
export function isCorrectReply(message: Message, request: Message): boolean {
  return message.name === request.name && isWellFormedReply(message);
}
