import { fastifySSE, type SSEMessage } from '@fastify/sse';
import { AddressInUseError, ReplayBuffer, componentLogger, hasErrorCode, type Logger } from '@observatory/core';
import { LogController, fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { BadRequestError, ControlDisabledError, NotFoundError, UnknownAttributeError } from '../errors.js';
import type { TelescopeSimulator } from '../simulator.js';
import type { AttrEvent, Delays, FaultSpec, Skews } from '../types.js';
import { errorReply } from './error-mapping.js';
import * as schemas from './schemas.js';

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

interface Stream {
  close(): void;
}

/** Builds the HTTP+SSE API of a simulator (§8.3 of the spec). Call `listen()` to serve it. */
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
  const streams = new Set<Stream>();

  void app.register(fastifySSE, { heartbeatInterval: options.heartbeatMs ?? 15_000 });
  // Routes go in a plugin registered after @fastify/sse, so its onRoute hook sees the SSE route.
  void app.register(routes);

  app.setErrorHandler((err, request, reply) => {
    const mapped = (err as { validation?: unknown }).validation ? new BadRequestError(err instanceof Error ? err.message : String(err)) : err;
    const { status, body } = errorReply(mapped);
    if (status >= 500) request.log.error({ err }, 'request failed');
    void reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = errorReply(new NotFoundError(request.method, request.url));
    void reply.code(status).send(body);
  });
  app.addHook('preClose', (done) => {
    for (const s of streams) s.close();
    done();
  });

  function routes(app: FastifyInstance, _opts: unknown, done: () => void): void {
    app.get('/health', { schema: schemas.healthSchema }, () => ({
      status: 'ok',
      telescope: sim.telescope,
      readViaPubsub: options.readViaPubsub ?? false,
      seq: sim.seq,
    }));

      app.get('/api/v1/state', { schema: schemas.stateSchema }, () => sim.snapshot());

      app.get<{ Querystring: { device: string; attr: string } }>('/api/v1/attributes', { schema: schemas.readAttributeSchema }, (request) => {
      const { device, attr } = request.query;
      return { device, attr, ...sim.readNow(device, attr) };
    });

      app.put<{ Body: { device: string; attr: string; value: unknown } }>('/api/v1/attributes', { schema: schemas.writeAttributeSchema }, async (request, reply) => {
      const { device, attr, value } = request.body;
      await sim.write(device, attr, value);
      return reply.code(204).send();
    });

      app.post<{ Body: { device: string; command: string; argin?: unknown } }>('/api/v1/commands', { schema: schemas.commandSchema }, (request) => {
      const { device, command, argin } = request.body;
      return sim.sendCommand(device, command, argin);
    });

      app.get<{ Querystring: { sub?: string | string[] } }>('/api/v1/events', { schema: schemas.eventsSchema, sse: 'only' }, async (request, reply) => {
      const filter = parseSubs(sim, request.query.sub);
      const matches = (e: AttrEvent) => !filter || filter.has(`${e.device}\u0000${e.attr}`);
      // Everything below up to `subscribe` is synchronous, so no event can slip between the snapshot and the live feed.
      const first: SSEMessage[] = [];
      const lastId = reply.sse.lastEventId;
      const replayable = lastId !== null && canReplay(ring, lastId);
      if (replayable) {
        for (const e of ring.since(lastId)) if (matches(e.value)) first.push(message(e.id, e.value));
      } else {
        const initial = sim.currentEvents().filter(matches);
        initial.forEach((e, i) => first.push(message(i === initial.length - 1 ? ring.latestId : undefined, e)));
      }
      const queue: SSEMessage[] = [...first];
      let wake: (() => void) | undefined;
      let open = true;
      const unsubscribe = ring.subscribe((e) => {
        if (!matches(e.value)) return;
        queue.push(message(e.id, e.value));
        wake?.();
      });
      const stream: Stream = {
        close() {
          open = false;
          wake?.();
          reply.sse.close();
        },
      };
      streams.add(stream);
      reply.sse.onClose(() => {
        open = false;
        unsubscribe();
        streams.delete(stream);
        wake?.();
      });
      async function* feed(): AsyncGenerator<SSEMessage> {
        while (open) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      }
      reply.sse.sendHeaders(); // commit the stream now, even before the first event
      try {
        await reply.sse.send(feed());
      } finally {
        unsubscribe();
        streams.delete(stream);
      }
    });

    // Control endpoints (§8.2 knobs over HTTP); with `control: false` they answer 403.
    const guard = () => {
      if (!control) throw new ControlDisabledError();
    };
      app.post('/api/v1/control/reset', { schema: schemas.noContentSchema }, async (_request, reply) => {
      guard();
      sim.resetNow();
      return reply.code(204).send();
    });
      app.get('/api/v1/control/faults', { schema: schemas.listFaultsSchema }, () => {
      guard();
      return { faults: sim.faults.list() };
    });
      app.post<{ Body: FaultSpec }>('/api/v1/control/faults', { schema: schemas.injectFaultSchema }, (request) => {
      guard();
      return { id: sim.faults.inject(request.body) };
    });
      app.delete('/api/v1/control/faults', { schema: schemas.noContentSchema }, async (_request, reply) => {
      guard();
      sim.faults.clear();
      return reply.code(204).send();
    });
      app.delete<{ Params: { id: string } }>('/api/v1/control/faults/:id', { schema: schemas.clearFaultSchema }, async (request, reply) => {
      guard();
      sim.faults.clear(request.params.id);
      return reply.code(204).send();
    });
      app.get('/api/v1/control/delays', { schema: schemas.getDelaysSchema }, () => {
      guard();
      return sim.timing;
    });
      app.put<{ Body: Delays & { skews?: Skews } }>('/api/v1/control/delays', { schema: schemas.setDelaysSchema }, async (request, reply) => {
      guard();
      sim.setDelaysNow(request.body);
      return reply.code(204).send();
    });
      app.get('/api/v1/control/command-log', { schema: schemas.commandLogSchema }, () => {
      guard();
      return { entries: sim.commandLog };
    });
      app.post<{ Body: { subarrayId: number } }>('/api/v1/control/force-reset', { schema: schemas.forceResetSchema }, async (request, reply) => {
      guard();
      sim.forceResetNow(request.body.subarrayId);
      return reply.code(204).send();
    });
    done();
  }

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
      try {
        await app.listen({ host, port });
      } catch (err) {
        if (hasErrorCode(err, 'EADDRINUSE')) throw new AddressInUseError(host, port, { cause: err });
        throw err;
      }
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      bound = { url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`, port: actual };
      log.info({ url: bound.url, telescope: sim.telescope, control }, 'telescope simulator listening');
      return bound;
    },
    close() {
      closing ??= (async () => {
        unfeed();
        await app.close();
      })();
      return closing;
    },
    [Symbol.asyncDispose]() {
      return server.close();
    },
  };
  return server;
}

function message(id: number | undefined, event: AttrEvent): SSEMessage {
  return { ...(id === undefined ? {} : { id: String(id) }), event: 'change', data: event };
}

/** A Last-Event-ID can be replayed when the ring still holds everything after it. */
function canReplay(ring: ReplayBuffer<AttrEvent>, lastId: string): boolean {
  const id = Number.parseInt(lastId, 10);
  if (!Number.isInteger(id) || id < 0 || id > ring.latestId) return false;
  const oldest = ring.since(undefined)[0]?.id ?? ring.latestId + 1;
  return id >= oldest - 1;
}

/** `?sub=device:attr` (repeatable) → set of keys; undefined = everything. Unknown names are 404s. */
function parseSubs(sim: TelescopeSimulator, sub: string | string[] | undefined): Set<string> | undefined {
  if (sub === undefined) return undefined;
  const keys = new Set<string>();
  for (const s of Array.isArray(sub) ? sub : [sub]) {
    const at = s.lastIndexOf(':');
    if (at <= 0 || at === s.length - 1) throw new BadRequestError(`sub must be device:attr, got ${JSON.stringify(s)}`);
    const device = s.slice(0, at);
    const attr = s.slice(at + 1);
    sim.readNow(device, attr); // throws UnknownDevice/UnknownAttribute
    keys.add(`${device}\u0000${attr}`);
  }
  if (keys.size === 0) throw new UnknownAttributeError('?', '?');
  return keys;
}
