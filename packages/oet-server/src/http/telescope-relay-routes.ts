import { HttpJsonClient, openEventStream, type Logger } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { OetError } from '../errors.js';

export interface TelescopeRelayOptions {
  /** The telescope simulator's base URL (`http://127.0.0.1:5100`). */
  telescopeUrl: string;
  logger: Logger;
  /** Heartbeat comment interval on the relayed stream (default 15000 ms). */
  heartbeatMs?: number;
  /** Unsent bytes after which a slow browser is cut (it reconnects with Last-Event-ID); default 1 MiB. */
  maxBufferedBytes?: number;
}

/** The telescope could not be asked (502 with the reason). */
export class TelescopeUnavailableError extends OetError {
  constructor(reason: string, options?: ErrorOptions) {
    super('OET_TELESCOPE_UNAVAILABLE', 502, `The telescope at the configured URL did not answer: ${reason}`, options);
  }
}

/**
 * Beyond OET, read-only: the telescope the server's scripts drive, relayed so a browser needs only this
 * server (same origin, same access control). `GET {base}/telescope` answers `{url, state}` (the
 * simulator's snapshot); `GET {base}/telescope/stream` relays its change events as SSE, resuming with
 * `Last-Event-ID` as the simulator does.
 */
export function telescopeRelayRoutes(app: FastifyInstance, options: TelescopeRelayOptions, done: () => void): void {
  const base = options.telescopeUrl.replace(/\/+$/, '');
  const http = new HttpJsonClient({ baseUrl: base, headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });
  const streams = new Set<AbortController>();
  const log = options.logger.child({ component: 'telescope-relay' });
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;

  app.addHook('onClose', async () => {
    for (const s of streams) s.abort();
    await http.close();
  });

  app.get('/telescope', { schema: { summary: 'The telescope state (relayed)', tags: ['telescope'] } }, async () => {
    try {
      return { url: base, state: await http.get<unknown>('/api/v1/state') };
    } catch (err) {
      throw new TelescopeUnavailableError(err instanceof Error ? err.message : String(err), { cause: err });
    }
  });

  app.get('/telescope/stream', { schema: { summary: 'The telescope change events (relayed SSE)', tags: ['telescope'] } }, (req, reply) => {
    const controller = new AbortController();
    streams.add(controller);
    const last = req.headers['last-event-id'];
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('\n');
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    const end = () => {
      clearInterval(heartbeat);
      controller.abort();
      streams.delete(controller);
      if (!res.writableEnded) res.end();
    };
    res.on('close', end);
    void (async () => {
      try {
        const upstream = openEventStream(`${base}/api/v1/events`, {
          lastEventId: typeof last === 'string' && /^\d+$/.test(last) ? last : undefined,
          signal: controller.signal,
          logger: log,
        });
        for await (const event of upstream) {
          const lines = event.data.split('\n').map((l) => `data:${l}`).join('\n');
          res.write(`${event.id ? `id:${event.id}\n` : ''}event:${event.event}\n${lines}\n\n`);
          if (res.writableLength > maxBuffered) {
            log.warn('telescope stream client too slow: cut');
            break;
          }
        }
      } catch (err) {
        if (!controller.signal.aborted) log.warn({ err }, 'telescope event stream failed');
      } finally {
        end();
      }
    })();
  });
  done();
}
