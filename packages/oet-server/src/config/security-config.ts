import { ConfigError, envBool, envInt, envList, envString, parseIntStrict, readEnv } from '@observatory/core';
import type { Command } from 'commander';
import type { OetServerOptions } from '../oet-server.js';

/** The security flags as commander hands them. */
export interface SecurityCliValues {
  auth?: string;
  jwtJwks?: string;
  jwtSecretFile?: string;
  jwtAudience?: string;
  jwtIssuer?: string;
  insecureNoAuth?: boolean;
  allowedHost?: string[];
  maxProcedures?: string;
  gitAllowFile?: boolean;
  gitRepoAllow?: string[];
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds the security flags to the `oet-rest` command. */
export function addSecurityOptions(program: Command): Command {
  return program
    .option('--auth <mode>', 'none or jwt: bearer tokens with roles and scopes (OET_AUTH, default none)')
    .option('--jwt-jwks <file-or-url>', 'JWKS file or https:// URL for RS256/ES256 tokens (OET_JWT_JWKS)')
    .option('--jwt-secret-file <file>', 'file with the HS256 secret, at least 32 bytes (OET_JWT_SECRET_FILE)')
    .option('--jwt-audience <aud>', 'required token audience (OET_JWT_AUDIENCE)')
    .option('--jwt-issuer <iss>', 'required token issuer (OET_JWT_ISSUER)')
    .option('--insecure-no-auth', 'allow a non-loopback --host without authentication (OET_INSECURE_NO_AUTH); warns at every start')
    .option('--allowed-host <name>', 'accept this Host name too, repeatable (OET_ALLOWED_HOSTS, comma list)', collect)
    .option('--max-procedures <n>', 'unfinished procedures at once, beyond: 429 (OET_MAX_PROCEDURES, default 32)')
    .option('--git-allow-file', 'allow file:// and local-path git repositories (OET_GIT_ALLOW_FILE)')
    .option('--git-repo-allow <prefix>', 'git repositories must start with one of these prefixes, repeatable (OET_GIT_REPO_ALLOW, comma list)', collect);
}

/** Security settings by precedence flag > env > default. */
export function resolveSecurityConfig(cli: SecurityCliValues, env: NodeJS.ProcessEnv): Partial<OetServerOptions> {
  const e = readEnv(
    {
      auth: envString('OET_AUTH', 'none'),
      jwks: envString('OET_JWT_JWKS'),
      secretFile: envString('OET_JWT_SECRET_FILE'),
      audience: envString('OET_JWT_AUDIENCE'),
      issuer: envString('OET_JWT_ISSUER'),
      insecureNoAuth: envBool('OET_INSECURE_NO_AUTH', false),
      allowedHosts: envList('OET_ALLOWED_HOSTS', [], ','),
      maxProcedures: envInt('OET_MAX_PROCEDURES', 32, { min: 1 }),
      maxJsonDepth: envInt('OET_MAX_JSON_DEPTH', 64, { min: 2, max: 1000 }),
      requestTimeoutMs: envInt('OET_REQUEST_TIMEOUT_MS', 30_000, { min: 100 }),
      maxEventBytes: envInt('OET_MAX_EVENT_BYTES', 1024 * 1024, { min: 1024 }),
      replayBytes: envInt('OET_SSE_REPLAY_BYTES', 32 * 1024 * 1024, { min: 1024 }),
      clientQueueBytes: envInt('OET_SSE_CLIENT_QUEUE_BYTES', 8 * 1024 * 1024, { min: 1024 }),
      gitAllowFile: envBool('OET_GIT_ALLOW_FILE', false),
      gitRepoAllow: envList('OET_GIT_REPO_ALLOW', [], ','),
    },
    env,
  );
  const mode = (cli.auth ?? e.auth).toLowerCase();
  if (mode !== 'none' && mode !== 'jwt') throw new ConfigError(`${cli.auth ? '--auth' : 'OET_AUTH'} must be none or jwt, got '${mode}'`);
  const jwt = {
    jwks: cli.jwtJwks ?? e.jwks,
    secretFile: cli.jwtSecretFile ?? e.secretFile,
    audience: cli.jwtAudience ?? e.audience,
    issuer: cli.jwtIssuer ?? e.issuer,
  };
  if (mode === 'jwt' && (jwt.jwks === undefined) === (jwt.secretFile === undefined)) {
    throw new ConfigError('--auth jwt needs exactly one of --jwt-jwks (OET_JWT_JWKS) or --jwt-secret-file (OET_JWT_SECRET_FILE)');
  }
  const cliHosts = (cli.allowedHost ?? []).flatMap((h) => h.split(',')).map((h) => h.trim()).filter(Boolean);
  const cliPrefixes = (cli.gitRepoAllow ?? []).map((p) => p.trim()).filter(Boolean);
  return {
    auth: mode === 'jwt' ? { mode: 'jwt', ...jwt } : { mode: 'none' },
    insecureNoAuth: cli.insecureNoAuth ?? e.insecureNoAuth,
    allowedHosts: cliHosts.length > 0 ? cliHosts : e.allowedHosts,
    maxProcedures: cli.maxProcedures !== undefined ? parseIntStrict(cli.maxProcedures, '--max-procedures', { min: 1 }) : e.maxProcedures,
    maxJsonDepth: e.maxJsonDepth,
    requestTimeoutMs: e.requestTimeoutMs,
    eventLimits: { maxEventBytes: e.maxEventBytes, maxReplayBytes: e.replayBytes, maxClientQueueBytes: e.clientQueueBytes },
    gitAllowFile: cli.gitAllowFile ?? e.gitAllowFile,
    gitRepoAllow: cliPrefixes.length > 0 ? cliPrefixes : e.gitRepoAllow,
  };
}
