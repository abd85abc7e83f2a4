import type { HostAllowList } from '@observatory/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { OetError } from '../errors.js';
import type { TokenVerifier } from '../security/jwt-verifier.js';
import { checkHost } from './host-check.js';

/** Roles of which a token must carry one (claim `roles`), as in OET's own AAA work. */
export const ALLOWED_ROLES = ['SW_ENGINEER', 'MID_TELESCOPE_OPERATOR', 'LOW_TELESCOPE_OPERATOR'] as const;
/** What reading needs: either scope. */
export const READ_SCOPES = ['procedure:read', 'activity:read'] as const;
/** What any other method needs unless its route says otherwise. */
export const DEFAULT_WRITE_SCOPES = ['procedure:execute'] as const;

/**
 * Per-route access rule, set as `config: { access: … }` on a route. Without one, GET/HEAD need a read
 * scope and everything else `procedure:execute`; e.g. activity routes set
 * `config: { access: { anyScope: ['activity:execute'] } }` on their POST.
 */
export interface RouteAccess {
  /** No token needed (static pages); the Host check still applies. */
  public?: boolean;
  /** The token needs at least one of these scopes. */
  anyScope?: readonly string[];
}

/** Who made a request, from the verified token. */
export interface AuthenticatedUser {
  sub: string | undefined;
  name: string | undefined;
  roles: string[];
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by the access control when authentication is on. */
    oetUser?: AuthenticatedUser;
  }
}

/** No token, or one that does not verify (401 with `WWW-Authenticate: Bearer`). */
export class UnauthenticatedError extends OetError {
  override readonly headers: Record<string, string>;
  constructor(message: string, invalid: boolean) {
    super('OET_UNAUTHENTICATED', 401, message);
    this.headers = { 'www-authenticate': invalid ? 'Bearer error="invalid_token"' : 'Bearer' };
  }
}

/** A valid token without the role or scope the request needs. */
export class ForbiddenError extends OetError {
  override readonly headers = { 'www-authenticate': 'Bearer error="insufficient_scope"' };
  /** `message` starts with `Forbidden:`, which clients use to tell it from other 403s (script roots). */
  constructor(message: string) {
    super('OET_FORBIDDEN', 403, message);
  }
}

export interface AccessControlOptions {
  hosts: HostAllowList;
  /** Token verification; undefined = authentication off. */
  verify?: TokenVerifier;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function scopesOf(payload: JWTPayload): string[] {
  for (const claim of [payload.scp, payload.scope]) {
    if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
    if (Array.isArray(claim)) return strings(claim);
  }
  return [];
}

function toUser(payload: JWTPayload): AuthenticatedUser {
  return {
    sub: typeof payload.sub === 'string' ? payload.sub : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    roles: strings(payload.roles),
    scopes: scopesOf(payload),
  };
}

/** The name a procedure records as `created_by`: the token's `name`, else its `sub`. */
export function userLabel(user: AuthenticatedUser | undefined): string | undefined {
  return user?.name ?? user?.sub;
}

const isReadOnly = (req: FastifyRequest) => req.method === 'GET' || req.method === 'HEAD';

/** `GET /health`: open to probes, which may name the host by an address we do not know (a pod IP). */
function isHealthProbe(req: FastifyRequest): boolean {
  const url = req.routeOptions.url;
  return isReadOnly(req) && url !== undefined && /(^|\/)health$/.test(url);
}

function routeAccess(req: FastifyRequest): RouteAccess {
  const configured = req.routeOptions.config.access;
  if (configured?.public) return { public: true };
  return { anyScope: configured?.anyScope ?? (isReadOnly(req) ? READ_SCOPES : DEFAULT_WRITE_SCOPES) };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * One `onRequest` hook for every route, including routes added later and unknown paths: the `Host`
 * check (421), then, when authentication is on, the bearer token (401) and its role and scope (403).
 * `GET /health` skips both; routes with `config.access.public` skip the token only.
 * Install it before any route.
 */
export function installAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  app.addHook('onRequest', async (req) => {
    if (isHealthProbe(req)) return;
    checkHost(options.hosts, req.headers.host);
    const access = routeAccess(req);
    if (access.public || !options.verify) return;
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) throw new UnauthenticatedError('Not authenticated: send an Authorization: Bearer token', false);
    let payload: JWTPayload;
    try {
      payload = await options.verify(token);
    } catch (err) {
      const reason = (err as { code?: unknown }).code === 'ERR_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid';
      throw new UnauthenticatedError(`Not authenticated: ${reason}`, true);
    }
    const user = toUser(payload);
    if (!user.roles.some((role) => (ALLOWED_ROLES as readonly string[]).includes(role))) {
      throw new ForbiddenError(`Forbidden: the token needs one of the roles ${ALLOWED_ROLES.join(', ')}`);
    }
    const needed = access.anyScope ?? [];
    if (!needed.some((scope) => user.scopes.includes(scope))) {
      throw new ForbiddenError(`Forbidden: ${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]} needs the scope ${needed.join(' or ')}`);
    }
    req.oetUser = user;
    // an audit trail of who changed what; reads are too many to log
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.log.info({ user: { sub: user.sub, name: user.name }, url: req.url.slice(0, 512) }, `${req.method} authorised`);
    }
  });
}
