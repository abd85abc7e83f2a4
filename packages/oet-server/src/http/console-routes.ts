import fastifyStatic from '@fastify/static';
import type { HostAllowList } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { checkHost } from './host-check.js';

export interface ConsoleRouteOptions {
  /** The console's built files (`index.html`, `assets/`). */
  dir: string;
  /** The API base path the console talks to (`/ska-oso-oet/oet/api/v7`). */
  apiBase: string;
  /** Whether `{base}/telescope` is served. */
  telescope: boolean;
  /** The API's `Host` check (DNS rebinding); the pages skip only the token. */
  hosts?: HostAllowList;
}

/** The console's own pages may only load what they ship and talk to this server. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The operator's web console at `/console/` (static files of `@ska/oet-ui`) and `/console/config.json`
 * (where the API is). The pages hold no data and need no token (a browser cannot send one when it
 * navigates); every call they make goes through the API's own access control.
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleRouteOptions): Promise<void> {
  // our own cache headers below; dotfiles are never served
  await app.register(fastifyStatic, { root: options.dir, serve: false, decorateReply: true, cacheControl: false, dotfiles: 'deny' });
  // `public` skips the token (a browser cannot send one when it navigates), so the Host check is done here
  const routeOptions = { config: { access: { public: true } }, schema: { hide: true } };
  app.addHook('onRequest', async (req) => {
    if (options.hosts) checkHost(options.hosts, req.headers.host);
  });
  const security = (reply: { header(name: string, value: string): unknown }) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  };

  app.get('/console', routeOptions, (_req, reply) => reply.redirect('/console/', 301));
  app.get('/console/', routeOptions, (_req, reply) => {
    security(reply);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
  app.get('/console/config.json', routeOptions, (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { apiBase: options.apiBase, telescope: options.telescope };
  });
  // `send` (inside sendFile) refuses paths leaving the root and dotfiles.
  app.get<{ Params: { '*': string } }>('/console/*', routeOptions, (req, reply) => {
    security(reply);
    // hashed asset names: cache for long; anything else: revalidate
    reply.header('cache-control', req.params['*'].startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.sendFile(req.params['*']);
  });
}
