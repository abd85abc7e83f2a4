import type { FastifyInstance } from 'fastify';
import type { TangoTelescopeMonitor, TelescopeAttrEvent } from '../telescope/tango-telescope-monitor.js';
import { TelescopeUnavailableError } from './telescope-relay-routes.js';

export interface TelescopeTangoRouteOptions {
  monitor: TangoTelescopeMonitor;
  /** Heartbeat comment interval on the stream (default 15000 ms). */
  heartbeatMs?: number;
  /** Unsent bytes after which a slow browser is cut (it reconnects with Last-Event-ID); default 1 MiB. */
  maxBufferedBytes?: number;
}

/**
 * Beyond OET, read-only: the telescope the scripts drive over Tango, in the same shape as the simulator relay
 * (`telescope-relay-routes.ts`), so the console needs no Tango of its own. `GET {base}/telescope` answers
 * `{url, state}`; `GET {base}/telescope/stream` sends the current values (`initial: true`), then each change
 * as it arrives from Tango; `Last-Event-ID` replays the gap from the monitor's ring, or sends the current
 * values again when the ring no longer reaches back.
 */
export function telescopeTangoRoutes(app: FastifyInstance, options: TelescopeTangoRouteOptions, done: () => void): void {
  const { monitor } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const ends = new Set<() => void>();

  app.addHook('onClose', async () => {
    for (const end of [...ends]) end();
    await monitor.close();
  });

  app.get('/telescope', { schema: { summary: 'The telescope state (from Tango)', tags: ['telescope'] } }, async () => {
    const { snapshot, reason } = monitor.snapshot();
    if (!snapshot) throw new TelescopeUnavailableError(reason ?? 'not connected');
    return { url: monitor.url, state: snapshot };
  });

  app.get('/telescope/stream', { schema: { summary: 'The telescope change events from Tango (SSE)', tags: ['telescope'] } }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('\n');
    const live: { unsubscribe?: () => void; heartbeat?: NodeJS.Timeout } = {};
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      ends.delete(end);
      clearInterval(live.heartbeat);
      live.unsubscribe?.();
      if (!res.writableEnded) res.end();
    };
    ends.add(end);
    res.on('close', end);
    const send = (id: number | undefined, event: TelescopeAttrEvent): void => {
      if (ended) return;
      res.write(`${id === undefined ? '' : `id:${id}\n`}event:change\ndata:${JSON.stringify(event)}\n\n`);
      // A browser that does not read is cut rather than buffered without bound; it resumes with Last-Event-ID.
      if (res.writableLength > maxBuffered) end();
    };
    const last = req.headers['last-event-id'];
    const lastId = typeof last === 'string' && /^\d+$/.test(last) ? Number(last) : undefined;
    const oldest = monitor.events.oldestId;
    const latest = monitor.events.latestId;
    // Resuming works while the ring still holds the first missed event; otherwise start over from current values.
    const resumable = lastId !== undefined && lastId <= latest && (lastId === latest || (oldest !== undefined && oldest <= lastId + 1));
    if (resumable) {
      for (const e of monitor.events.since(lastId)) send(e.id, e.value);
    } else {
      const initial = monitor.current();
      initial.forEach((e, i) => send(i === initial.length - 1 ? latest : undefined, e));
    }
    if (ended) return;
    live.unsubscribe = monitor.events.subscribe((e) => send(e.id, e.value));
    live.heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  });
  done();
}
