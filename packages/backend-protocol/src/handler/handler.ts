import type { Message } from '../grammar/message.js';

/**
 * Turns a request into a reply. One handler serves every connection of a server. Throw
 * `HandlerError` for a meaningful fail; anything else becomes the generic fail.
 */
export interface Handler {
  handle(request: Message): Message | Promise<Message>;
  /** Called when the server starts listening. */
  start?(): void | Promise<void>;
  /** Called when the server closes. */
  stop?(): void | Promise<void>;
}
