import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { HostAllowList, closeHttp, componentLogger, listenHttp, type Logger } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { EventBus } from './events/event-bus.js';
import { buildApp } from './http/build-app.js';
import type { SseClient } from './http/sse-stream.js';
import { ProcedureManager } from './procedure/procedure-manager.js';
import { childEntryPath, esbuildUrl } from './runner/child-entry.js';
import { defaultEnvironmentUrl } from './runner/default-env.js';
import { ProcessReaper } from './runner/process-reaper.js';
import type { OetFlags } from './script-types.js';
import { ScriptRoots } from './sources/script-roots.js';
import { defaultCacheDir, preparePrivateCacheDir } from './cache/cache-dir.js';
import type { EventLimits } from './events/event-bus.js';
import { checkBindPolicy } from './security/bind-policy.js';
import { createTokenVerifier, type JwtAuthOptions } from './security/jwt-verifier.js';
import type { OdaOptions } from './oda/open-oda.js';
import { openDurableState, type HistoryOptions } from './store/open-history.js';
import type { TelescopeTangoConfig } from './telescope/tango-telescope-monitor.js';

export const DEFAULT_BASE_PATH = '/ska-oso-oet/oet/api/v7';

/** `none` (default), or JWT bearer tokens checked against a JWKS or an HS256 secret. */
export type OetAuthOptions = { mode: 'none' } | ({ mode: 'jwt' } & JwtAuthOptions);

export interface OetServerOptions {
  /** Bind address; default `127.0.0.1`. */
  host?: string;
  /** Port; default 5000, `0` = any free port. */
  port?: number;
  /** Default `/ska-oso-oet/oet/api/v7`; `''` serves at the root. */
  basePath?: string;
  /** Directories `file://` scripts must lie in (real paths are compared). */
  scriptRoots: string[];
  /** Where `abort.js`/`abort.ts` lives; default the first script root. */
  abortScriptDir?: string;
  /** Finished procedures kept (default 10). */
  historyMax?: number;
  /** Grace between the stop signal and SIGKILL (default 1000 ms). */
  stopGraceMs?: number;
  /** Clones, environments and the child runtime; default `$XDG_CACHE_HOME/ska-oet` or `~/.cache/ska-oet` (0700, must be ours). */
  cacheDir?: string;
  gitDefaultRepo?: string;
  /** Default `main`. */
  gitDefaultBranch?: string;
  gitTimeoutMs?: number;
  envTimeoutMs?: number;
  /** Events kept for `Last-Event-ID` replay (default 1000). */
  sseReplay?: number;
  /** Heartbeat comment interval on idle streams (default 15000 ms). */
  sseHeartbeatMs?: number;
  /** Unflushed events after which a slow stream client is cut (default 10000). */
  sseMaxQueuedEvents?: number;
  /** Honour `X-Forwarded-*` when building `uri` (default false). */
  trustProxy?: boolean;
  /** Feature flags handed to scripts and shown by /health (default `read_via_pubsub: false`). */
  flags?: OetFlags;
  /** Where the flags came from, e.g. a file path; default `defaults`. */
  flagsSource?: string;
  /** V8 heap limit of each script process (default 512 MiB). */
  childMaxOldSpaceMb?: number;
  /** Niceness added to script processes so busy scripts cannot starve the server (default 5; 0 = off). */
  childNice?: number;
  logger?: Logger;
  /** Serve the web console (the built files of `@ska/oet-ui`) from this directory at `/console/`. */
  consoleDir?: string;
  /** A telescope simulator URL relayed read-only at `{base}/telescope` (the console's Telescope view). */
  telescopeUrl?: string;
  /**
   * The telescope on Tango for the console's Telescope view instead: the database and, optionally, the TMC
   * device names. Read by change events or polling as the `read_via_pubsub` flag says.
   */
  telescopeTango?: TelescopeTangoConfig;
  /** Authentication (default none); see docs/security.md. */
  auth?: OetAuthOptions;
  /** Start on a non-loopback address without authentication (logs a warning at every start). */
  insecureNoAuth?: boolean;
  /** `Host` names answered besides localhost, 127.0.0.1, [::1] and the bind address; `*` = any. */
  allowedHosts?: string[];
  /** Non-final procedures at once (default 32); beyond, creating answers 429. */
  maxProcedures?: number;
  /** Deepest JSON nesting of a request body (default 64). */
  maxJsonDepth?: number;
  /** Time a client has to send a whole request (default 30000 ms). */
  requestTimeoutMs?: number;
  /** Byte bounds of events: one script event, the replay buffer, one stream client's queue. */
  eventLimits?: Partial<EventLimits>;
  /** Allow `file://` and local-path git repositories (default false). */
  gitAllowFile?: boolean;
  /** When set, a git repository must start with one of these prefixes. */
  gitRepoAllow?: string[];
  /** The ODA activities read SBDefinitions from (`ODA_BACKEND_TYPE`…); none: activities answer 503. */
  oda?: OdaOptions;
  /** Where procedures and activities survive a restart (default memory: they do not). */
  history?: HistoryOptions;
  /** Finished activities kept (default 1000). */
  activityHistoryMax?: number;
  /** Pre-forked idle script processes, each used for one procedure only (default 2; 0 disables). */
  warmHosts?: number;
}

export interface OetServer extends AsyncDisposable {
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:5000/ska-oso-oet/oet/api/v7`). */
  listen(): Promise<string>;
  /** The base URL including the base path (after `listen()`). */
  readonly url: string;
  /** The bound address (after `listen()`). */
  address(): AddressInfo | undefined;
  /** The fastify instance (for `inject()` in tests). */
  readonly app: FastifyInstance;
  /** Stops live procedures (signal, grace, SIGKILL), ends streams, closes the socket. Idempotent. */
  close(): Promise<void>;
}

function normaliseBase(base: string): string {
  const trimmed = base.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Creates an OET REST server. Scripts run in child processes; nothing listens until `listen()`.
 *
 * ```ts
 * import { createOetServer } from '@ska/oet-server';
 *
 * await using server = await createOetServer({ port: 0, scriptRoots: ['/srv/oet/scripts'] });
 * const url = await server.listen(); // http://127.0.0.1:<port>/ska-oso-oet/oet/api/v7
 * const res = await fetch(`${url}/procedures`); // []
 * ```
 */
export async function createOetServer(options: OetServerOptions): Promise<OetServer> {
  if (options.scriptRoots.length === 0) throw new TypeError('createOetServer: at least one script root is required');
  const log = componentLogger(options.logger, 'oet-server');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5000;
  const basePath = normaliseBase(options.basePath ?? DEFAULT_BASE_PATH);
  const cacheDir = path.resolve(options.cacheDir ?? defaultCacheDir());
  await preparePrivateCacheDir(cacheDir);
  const auth = options.auth ?? { mode: 'none' };
  const verify = auth.mode === 'jwt' ? await createTokenVerifier(auth) : undefined;
  const flags: OetFlags = options.flags ?? { read_via_pubsub: false };
  const roots = new ScriptRoots(options.scriptRoots);
  const events = new EventBus(options.sseReplay ?? 1000, options.eventLimits);
  const sseClients = new Set<SseClient>();
  let url = '';
  let bound: AddressInfo | undefined;
  let closing = false;
  let closed: Promise<void> | undefined;

  const reaper = new ProcessReaper(log);
  const manager = new ProcedureManager({
    childEntry: await childEntryPath(cacheDir),
    esbuildUrl: esbuildUrl(),
    defaultEnvUrl: defaultEnvironmentUrl(),
    warmHosts: options.warmHosts ?? 2,
    events,
    flags,
    historyMax: options.historyMax ?? 10,
    stopGraceMs: options.stopGraceMs ?? 1000,
    cacheDir,
    gitTimeoutMs: options.gitTimeoutMs ?? 120_000,
    envTimeoutMs: options.envTimeoutMs ?? 600_000,
    childMaxOldSpaceMb: options.childMaxOldSpaceMb ?? 512,
    childNice: options.childNice ?? 5,
    reaper,
    maxProcedures: options.maxProcedures,
    abortScriptDir: path.resolve(options.abortScriptDir ?? options.scriptRoots[0]!),
    procedureBaseUrl: () => `${url}/procedures`,
    log: componentLogger(options.logger, 'procedures'),
  });

  const gitPolicy = { allowFile: options.gitAllowFile ?? false, repoAllow: options.gitRepoAllow };
  const durable = await openDurableState({
    oda: options.oda,
    history: options.history ?? { kind: 'memory' },
    historyMax: options.historyMax ?? 10,
    activityHistoryMax: options.activityHistoryMax ?? 1000,
    manager,
    events,
    roots,
    git: { repo: options.gitDefaultRepo, branch: options.gitDefaultBranch ?? 'main', ...gitPolicy },
    scriptsDir: path.resolve(options.abortScriptDir ?? options.scriptRoots[0]!),
    cacheDir,
    log: componentLogger(options.logger, 'history'),
  });

  const app = await buildApp({
    activities: durable.activities,
    basePath,
    manager,
    events,
    roots,
    git: { repo: options.gitDefaultRepo, branch: options.gitDefaultBranch ?? 'main', ...gitPolicy },
    flags,
    flagsSource: options.flagsSource ?? 'defaults',
    trustProxy: options.trustProxy ?? false,
    sseHeartbeatMs: options.sseHeartbeatMs ?? 15_000,
    sseMaxQueuedEvents: options.sseMaxQueuedEvents ?? 10_000,
    logger: log,
    isClosing: () => closing,
    sseClients,
    console: {
      consoleDir: options.consoleDir,
      telescopeUrl: options.telescopeUrl,
      telescopeTango: options.telescopeTango ? { ...options.telescopeTango, readViaPubsub: flags.read_via_pubsub } : undefined,
    },
    security: {
      hosts: new HostAllowList(host, options.allowedHosts),
      verify,
      maxJsonDepth: options.maxJsonDepth,
      requestTimeoutMs: options.requestTimeoutMs,
    },
  });

  const server: OetServer = {
    app,
    get url() {
      return url;
    },
    address: () => bound,
    async listen() {
      checkBindPolicy(host, verify !== undefined, options.insecureNoAuth ?? false, log);
      bound = (await listenHttp(app, { host, port })).address;
      const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      url = `http://${shownHost}:${bound.port}${basePath}`;
      log.info({ url, flags, flagsSource: options.flagsSource ?? 'defaults', scriptRoots: roots.roots }, 'OET REST server listening');
      return url;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        await manager.close();
        await durable.close();
        reaper.close();
        // after the procedures stopped, so their last events are on the streams before they end
        await closeHttp(app, sseClients);
        log.info('OET REST server closed');
      })();
      return closed;
    },
    [Symbol.asyncDispose]() {
      return server.close();
    },
  };
  return server;
}
