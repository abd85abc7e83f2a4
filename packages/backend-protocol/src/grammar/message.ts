/** Wire constants of the grammar. */
export const REQUEST_PREFIX = '?';
export const REPLY_PREFIX = '!';
export const SEPARATOR = ',';
export const CRLF = '\r\n';

export type MessageType = 'request' | 'reply';
export type ReplyCode = 'ok' | 'fail' | 'invalid';
export const REPLY_CODES: readonly ReplyCode[] = ['ok', 'fail', 'invalid'];

/** One protocol message. `code` is `''` for requests. Arguments are latin-1 strings (one char per byte). */
export interface Message {
  readonly type: MessageType;
  readonly name: string;
  readonly code: ReplyCode | '';
  readonly args: readonly string[];
}

export interface Request extends Message {
  readonly type: 'request';
  readonly code: '';
}

export interface Reply extends Message {
  readonly type: 'reply';
  readonly code: ReplyCode;
}

export function request(name: string, args: readonly string[] = []): Request {
  return { type: 'request', name, code: '', args };
}

export function reply(name: string, code: ReplyCode, args: readonly string[] = []): Reply {
  return { type: 'reply', name, code, args };
}

export function isReplyCode(value: string): value is ReplyCode {
  return value === 'ok' || value === 'fail' || value === 'invalid';
}
