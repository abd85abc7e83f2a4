import { fastifySSE } from '@fastify/sse';
import { HostAllowList, ReplayBuffer, closeHttp, componentLogger, httpUrl, listenHttp, type Logger } from '@observatory/core';
import { LogController, fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { BadRequestError, NotFoundError, TelsimError } from '../errors.js';
import type { TelescopeSimulator } from '../simulator.js';
import type { AttrEvent } from '../types.js';
import { errorReply } from './error-mapping.js';
import { apiRoutes } from './api-routes.js';
import { controlRoutes } from './control-routes.js';
import { eventStreamRoute, SerializedData, type OpenStream } from './event-stream-route.js';
import { clientErrorOf, installRequestGuards } from './request-guards.js';

export interface SimServerOptions {
  simulator: TelescopeSimulator;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Serve the control endpoints (reset, faults, delays, command log, force reset); default true. */
  control?: boolean;
  /** The read mode advertised by `GET /health` for clients that ask; default false. */
  readViaPubsub?: boolean;
  /** SSE heartbeat comment interval; default 15000 ms. */
  heartbeatMs?: number;
  /** Events kept for `Last-Event-ID` replay; default 1000. */
  replayCapacity?: number;
  /**
   * `Host` names accepted besides `localhost`, `127.0.0.1`, `[::1]` and the bind address (DNS rebinding
   * protection: other names get 421). `*` accepts any.
   */
  allowedHosts?: readonly string[];
  /**
   * Bytes of events one SSE client may have waiting; a client further behind is disconnected and catches up
   * by reconnecting with `Last-Event-ID`. Default 1 MiB.
   */
  sseQueueBytes?: number;
  logger?: Logger;
}

/** The HTTP+SSE face of one simulator. */
export interface SimServer {
  readonly app: FastifyInstance;
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly port: number;
  listen(): Promise<{ url: string; port: number }>;
  /** Ends every event stream and stops the server (not the simulator). Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Builds the HTTP+SSE API of a simulator (S-HTTP-1). Call `listen()` to serve it. */
export function createSimServer(options: SimServerOptions): SimServer {
  const sim = options.simulator;
  const host = options.host ?? '127.0.0.1';
  const control = options.control ?? true;
  const log = componentLogger(options.logger, 'telsim-http');
  const loggerInstance: FastifyBaseLogger = log; // widen pino's type to fastify's, or the instance type differs
  const app = fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
  });
  const ring = new ReplayBuffer<AttrEvent>(options.replayCapacity ?? 1000);
  const unfeed = sim.onEvent((event) => ring.push(event));
  const streams = new Set<OpenStream>();

  // Routes go in plugins registered after @fastify/sse, so its onRoute hook sees the SSE route.
  installRequestGuards(app, { hosts: new HostAllowList(host, options.allowedHosts) });
  // Events are serialised once, when queued (their size bounds the client's queue).
  void app.register(fastifySSE, {
    heartbeatInterval: options.heartbeatMs ?? 15_000,
    serializer: (data: unknown) => (data instanceof SerializedData ? data.json : JSON.stringify(data)),
  });
  void app.register(apiRoutes, { simulator: sim, readViaPubsub: options.readViaPubsub ?? false });
  void app.register(eventStreamRoute, { simulator: sim, ring, streams, maxQueueBytes: options.sseQueueBytes ?? 1024 * 1024 });
  void app.register(controlRoutes, { simulator: sim, enabled: control });

  app.setErrorHandler((err, request, reply) => {
    const mapped = (err as { validation?: unknown }).validation
      ? new BadRequestError(err instanceof Error ? err.message : String(err))
      : err instanceof TelsimError
        ? err
        : (clientErrorOf(err, app.initialConfig.bodyLimit ?? 1024 * 1024) ?? err);
    const { status, body } = errorReply(mapped);
    if (status >= 500) request.log.error({ err }, 'request failed');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = errorReply(new NotFoundError(request.method, request.url));
    void reply.code(status).send(body);
  });
  let bound: { url: string; port: number } | undefined;
  let closing: Promise<void> | undefined;
  const server: SimServer = {
    app,
    get url() {
      if (!bound) throw new Error('the server is not listening');
      return bound.url;
    },
    get port() {
      if (!bound) throw new Error('the server is not listening');
      return bound.port;
    },
    async listen() {
      if (bound) return bound;
      const port = options.port ?? 0;
      const { port: actual } = await listenHttp(app, { host, port });
      bound = { url: httpUrl(host, actual), port: actual };
      log.debug({ url: bound.url, telescope: sim.telescope, control }, 'telescope simulator listening'); // fastify has said so at info
      return bound;
    },
    close() {
      closing ??= (async () => {
        unfeed();
        await closeHttp(app, streams);
      })();
      return closing;
    },
    [Symbol.asyncDispose]() {
      return server.close();
    },
  };
  return server;
}
