import type { HostAllowList } from '@observatory/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenVerifier } from '../security/jwt-verifier.js';
import { installAccessControl } from './access-control.js';
import { requirePlainDecimalIds } from './id-params.js';
import { DEFAULT_MAX_JSON_DEPTH, limitJsonDepth } from './json-depth.js';
import { trackRouteMethods } from './method-not-allowed.js';

/** Default time a client has to send a whole request (headers and body). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface HttpSecurityOptions {
  hosts: HostAllowList;
  /** Bearer-token verification; undefined = no authentication. */
  verify?: TokenVerifier;
  /** Deepest JSON body nesting (default 64). */
  maxJsonDepth?: number;
  /** Whole-request receive timeout; default 30 s. */
  requestTimeoutMs?: number;
}

/** fastify constructor options that bound slow clients: a trickled request is cut after `requestTimeoutMs`. */
export function timeoutServerOptions(options: HttpSecurityOptions) {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    requestTimeout,
    http: { headersTimeout: Math.min(60_000, requestTimeout), connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))) },
  };
}

/**
 * Installs what guards every route (call before any route is registered, so later routes get it
 * too): host check and authentication, JSON depth limit, plain-decimal ids, and 405 tracking.
 * Returns the not-found handler: 405 with `Allow` when the path exists for other methods.
 */
export function installHttpSecurity(app: FastifyInstance, options: HttpSecurityOptions): (req: FastifyRequest, reply: FastifyReply) => FastifyReply {
  installAccessControl(app, { hosts: options.hosts, verify: options.verify });
  limitJsonDepth(app, options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH);
  requirePlainDecimalIds(app);
  const allowedFor = trackRouteMethods(app);
  return (req, reply) => {
    const allowed = allowedFor(req.url);
    if (allowed.length > 0) {
      return reply.code(405).header('allow', allowed.join(', ')).send({ detail: `Method Not Allowed: ${req.method} ${req.url.split('?')[0] ?? ''}` });
    }
    return reply.code(404).send({ detail: `Not Found: ${req.method} ${req.url}` });
  };
}
