import { componentLogger, type Logger } from '@observatory/core';
import { GrammarError, HandlerError } from '../errors.js';
import { reply, type Message } from '../grammar/message.js';
import { parseMessage } from '../grammar/parse.js';
import { encodeMessage, isCorrectReply } from '../grammar/serialise.js';
import type { Handler } from '../handler/handler.js';

/** Fail text for handler errors that are not `HandlerError` and for incorrect replies. */
export const GENERIC_FAIL_TEXT = 'Request could not be handled correctly';

export interface LineProcessorOptions {
  handler: Handler;
  /** Answer the generic fail when an async handler takes longer than this. Default: wait forever. */
  requestTimeoutMs?: number;
  logger?: Logger;
}

/** What one line produces: reply bytes (CRLF included), nothing, or a promise of either. */
export type LineResult = Buffer | undefined | Promise<Buffer | undefined>;

export type LineProcessor = (line: Buffer) => LineResult;

function failReply(name: string, text: string): Buffer {
  // Framing must never break: CR/LF inside a fail text become spaces.
  const clean = text.replace(/[\r\n]/g, ' ');
  return encodeMessage(reply(name, 'fail', [clean === '' ? GENERIC_FAIL_TEXT : clean]));
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The request-processing order for one complete line: parse (syntax error →
 * `invalid`), ignore replies, dispatch to the shared handler, and map its outcome to exactly one reply.
 */
export function createLineProcessor(options: LineProcessorOptions): LineProcessor {
  const { handler, requestTimeoutMs } = options;
  const log = componentLogger(options.logger, 'backend-server');
  const debug = log.isLevelEnabled('debug');

  const fromError = (request: Message, err: unknown): Buffer => {
    if (err instanceof HandlerError) {
      if (debug) log.debug({ command: request.name, text: err.message }, 'handler failed');
      return failReply(request.name, err.message);
    }
    log.error({ err, command: request.name }, 'handler raised an unexpected error');
    return failReply(request.name, GENERIC_FAIL_TEXT);
  };

  const fromReply = (request: Message, answer: unknown): Buffer => {
    if (typeof answer === 'object' && answer !== null && isCorrectReply(answer as Message, request)) {
      return encodeMessage(answer as Message);
    }
    if (debug) log.debug({ command: request.name }, 'handler returned an incorrect reply');
    return failReply(request.name, GENERIC_FAIL_TEXT);
  };

  return (line) => {
    const text = line.toString('latin1');
    if (debug) log.debug({ line: text }, 'received line');
    let message: Message;
    try {
      message = parseMessage(text);
    } catch (err) {
      if (!(err instanceof GrammarError)) throw err;
      // A line may start with CR or LF; the echoed character must not break framing either.
      return encodeMessage(reply('undefined', 'invalid', [`syntax error: ${err.reason.replace(/[\r\n]/g, ' ')}`]));
    }
    if (message.type === 'reply') return undefined;
    let answer: Message | Promise<Message>;
    try {
      answer = handler.handle(message);
    } catch (err) {
      return fromError(message, err);
    }
    if (!isPromiseLike(answer)) return fromReply(message, answer);
    let pending: Promise<unknown> = Promise.resolve(answer);
    let timer: NodeJS.Timeout | undefined;
    if (requestTimeoutMs !== undefined) {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`handler did not answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
      });
      pending = Promise.race([pending, timeout]);
    }
    return pending.then(
      (value) => {
        clearTimeout(timer);
        return fromReply(message, value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        return fromError(message, err);
      },
    );
  };
}
