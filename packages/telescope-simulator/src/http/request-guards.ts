import type { HostAllowList} from '@observatory/core';
import { jsonNestingExceeds } from '@observatory/core';
import type { FastifyError, FastifyInstance } from 'fastify';
import { BadRequestError, BodyTooLargeError, HostNotAllowedError, InvalidBodyError, UnsupportedMediaTypeError } from '../errors.js';

/** Deepest nesting of objects/arrays a request body may have. */
export const MAX_BODY_DEPTH = 64;

/** Methods that change state; they must carry JSON (a browser cannot send that cross-origin without a preflight). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The media type of a `Content-Type` value, lower case, without parameters. */
function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header.split(';', 1)[0]!.trim().toLowerCase();
}

export interface RequestGuardOptions {
  /** Accepted `Host` names (loopback names and the bind address always; `*` = any). */
  hosts: HostAllowList;
}

/**
 * What every request passes before a route sees it: the `Host` check (421, first of all), JSON on state-changing
 * requests (415, checked before validation; a `text/plain` or form post from any web page must not reset the simulator), and a JSON
 * parser that refuses bodies nested deeper than {@link MAX_BODY_DEPTH} (422) and reads an empty body as none.
 */
export function installRequestGuards(app: FastifyInstance, options: RequestGuardOptions): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const host = request.headers.host;
    done(options.hosts.allows(host) ? undefined : new HostNotAllowedError(host ?? ''));
  });

  // After routing hooks (a disabled control endpoint still answers 403) and body parsing (bounded by bodyLimit).
  app.addHook('preValidation', (request, _reply, done) => {
    const type = mediaType(request.headers['content-type']);
    const needsJson = BODY_METHODS.has(request.method) || (type !== undefined && request.method === 'DELETE');
    if (needsJson && type !== 'application/json') {
      done(new UnsupportedMediaTypeError(request.headers['content-type']));
      return;
    }
    done();
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (jsonNestingExceeds(text, MAX_BODY_DEPTH)) {
      done(new InvalidBodyError(`JSON nesting exceeds the limit of ${MAX_BODY_DEPTH} levels`), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (err) {
      done(new InvalidBodyError('the body is not valid JSON', { cause: err }), undefined);
    }
  });
}

/**
 * Maps fastify's own request errors (oversized body, undecodable content, any other 4xx) to this package's
 * typed errors, so a client mistake is never answered 500.
 */
export function clientErrorOf(err: unknown, bodyLimit: number): Error | undefined {
  const e = err as Partial<FastifyError>;
  if (typeof e.statusCode !== 'number' || e.statusCode < 400 || e.statusCode >= 500) return undefined;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BodyTooLargeError(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError(undefined);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new InvalidBodyError(e.message ?? 'invalid body');
    default:
      return new BadRequestError(e.message ?? 'bad request');
  }
}
