import { jsonNestingExceeds } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { OetError } from '../errors.js';

/** Deepest nesting of objects/arrays a request body may have. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

/** A body nested deeper than the limit; answered 422 before it is parsed. */
export class JsonTooDeepError extends OetError {
  constructor(readonly limit: number) {
    super('OET_JSON_TOO_DEEP', 422, [{ type: 'value_error', loc: ['body'], msg: `JSON nesting exceeds the limit of ${limit} levels` }]);
  }
}

/**
 * Replaces the app's JSON body parser by one that refuses bodies nested deeper than `maxDepth` before
 * parsing them. Deep data would otherwise overflow the stack wherever it is serialised later (events,
 * summaries, IPC), far from the request that brought it in.
 */
export function limitJsonDepth(app: FastifyInstance, maxDepth = DEFAULT_MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestingExceeds(text, maxDepth)) {
      done(new JsonTooDeepError(maxDepth), undefined);
      return;
    }
    void parse(req, text, done);
  });
}
