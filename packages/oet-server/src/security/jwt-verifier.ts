import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ObservatoryError } from '@observatory/core';

/** How bearer tokens are checked (`--auth jwt`). */
export interface JwtAuthOptions {
  /** A JWKS file or an `https://` URL of one (RS256/ES256 keys). */
  jwks?: string;
  /** A file holding the shared HS256 secret (at least 32 bytes). */
  secretFile?: string;
  /** Required `aud`. */
  audience?: string;
  /** Required `iss`. */
  issuer?: string;
}

/** The JWT settings cannot be used (missing key source, unreadable file, plain-http JWKS…). */
export class AuthConfigError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('OET_AUTH_CONFIG', message, options);
  }
}

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

const MIN_SECRET_BYTES = 32;

/** Builds the verifier once at start-up, so a bad key source stops the server instead of every request. */
export async function createTokenVerifier(options: JwtAuthOptions): Promise<TokenVerifier> {
  const claims = { audience: options.audience, issuer: options.issuer };
  if ((options.jwks === undefined) === (options.secretFile === undefined)) {
    throw new AuthConfigError('--auth jwt needs exactly one of --jwt-jwks FILE|https-URL or --jwt-secret-file FILE');
  }
  if (options.secretFile !== undefined) {
    let secret: Buffer;
    try {
      secret = Buffer.from((await readFile(options.secretFile, 'utf8')).trim(), 'utf8');
    } catch (err) {
      throw new AuthConfigError(`cannot read the JWT secret file ${options.secretFile}: ${(err as Error).message}`, { cause: err });
    }
    if (secret.length < MIN_SECRET_BYTES) throw new AuthConfigError(`the JWT secret in ${options.secretFile} must be at least ${MIN_SECRET_BYTES} bytes`);
    return async (token) => (await jwtVerify(token, secret, { ...claims, algorithms: ['HS256'] })).payload;
  }
  const source = options.jwks!;
  let keys: JWTVerifyGetKey;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    if (!source.toLowerCase().startsWith('https://')) throw new AuthConfigError(`--jwt-jwks must be a file or an https:// URL, got ${source}`);
    keys = createRemoteJWKSet(new URL(source));
  } else {
    try {
      keys = createLocalJWKSet(JSON.parse(await readFile(source, 'utf8')) as JSONWebKeySet);
    } catch (err) {
      throw new AuthConfigError(`cannot load the JWKS file ${source}: ${(err as Error).message}`, { cause: err });
    }
  }
  return async (token) => (await jwtVerify(token, keys, { ...claims, algorithms: ['RS256', 'ES256'] })).payload;
}
