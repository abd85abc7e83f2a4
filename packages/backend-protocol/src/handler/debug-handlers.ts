import { reply, request, type Message } from '../grammar/message.js';
import type { Handler } from './handler.js';

/** Answers `!name,ok,<the request's arguments>` to any request (debugging and tests). */
export class AlwaysOkHandler implements Handler {
  handle(message: Message): Message {
    return reply(message.name, 'ok', message.args);
  }
}

/** Returns a request-typed message, which is not a correct reply, so the server answers the generic fail. */
export class AlwaysFailHandler implements Handler {
  handle(message: Message): Message {
    return request(message.name, message.args);
  }
}

/** Throws a plain `Error` for every request: the server answers the generic fail. */
export class AlwaysRaiseHandler implements Handler {
  handle(_message: Message): Message {
    throw new Error('always raised exception');
  }
}
