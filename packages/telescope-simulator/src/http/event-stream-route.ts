import type { SSEMessage } from '@fastify/sse';
import type { ReplayBuffer } from '@observatory/core';
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../errors.js';
import type { TelescopeSimulator } from '../simulator.js';
import type { AttrEvent } from '../types.js';
import * as schemas from './schemas.js';

/** An open event stream, as the server tracks it to end it on close. */
export interface OpenStream {
  close(): void;
}

export interface EventStreamRouteOptions {
  simulator: TelescopeSimulator;
  /** Every change event with its global id (fed by the server). */
  ring: ReplayBuffer<AttrEvent>;
  streams: Set<OpenStream>;
  /** Serialised event bytes one client may have waiting before it is disconnected. */
  maxQueueBytes: number;
}

/** Event data already serialised to JSON (the server's SSE serializer sends it as is). */
export class SerializedData {
  constructor(readonly json: string) {}
}

/**
 * `GET /api/v1/events`: current values first (the last one carries the current id), then every change;
 * with `Last-Event-ID`, the missed changes from the ring instead of the current values.
 */
export function eventStreamRoute(app: FastifyInstance, options: EventStreamRouteOptions, done: () => void): void {
  const { simulator: sim, ring, streams, maxQueueBytes } = options;

  app.get<{ Querystring: { sub?: string | string[] } }>('/api/v1/events', { schema: schemas.eventsSchema, sse: 'only' }, async (request, reply) => {
    const filter = parseSubs(sim, request.query.sub);
    const matches = (e: AttrEvent) => !filter || filter.has(keyOf(e.device, e.attr));
    // From the snapshot to `ring.subscribe` everything is synchronous: no event can fall between them.
    const queue: SSEMessage[] = [];
    let queuedBytes = 0;
    const enqueue = (m: SSEMessage) => {
      queue.push(m);
      queuedBytes += (m.data as SerializedData).json.length;
    };
    const lastId = reply.sse.lastEventId;
    if (lastId !== null && canReplay(ring, lastId)) {
      for (const e of ring.since(lastId)) if (matches(e.value)) enqueue(message(e.id, e.value));
    } else {
      const initial = sim.currentEvents().filter(matches);
      initial.forEach((e, i) => enqueue(message(i === initial.length - 1 ? ring.latestId : undefined, e)));
    }
    let wake: (() => void) | undefined;
    let open = true;
    const stop = () => {
      open = false;
      wake?.();
    };
    const stream: OpenStream = {
      close() {
        stop();
        reply.sse.close();
      },
    };
    const unsubscribe = ring.subscribe((e) => {
      if (!open || !matches(e.value)) return;
      enqueue(message(e.id, e.value));
      if (queuedBytes > maxQueueBytes) {
        // A reader this far behind is dropped; it reconnects with Last-Event-ID and replays from the ring.
        request.log.warn({ queuedBytes, limit: maxQueueBytes }, 'SSE client too slow, disconnecting');
        queue.length = 0;
        queuedBytes = 0;
        stream.close();
        return;
      }
      wake?.();
    });
    streams.add(stream);
    reply.sse.onClose(stop);

    async function* feed(): AsyncGenerator<SSEMessage> {
      while (open) {
        const next = queue.shift();
        if (next) {
          queuedBytes -= (next.data as SerializedData).json.length;
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

  done();
}

function keyOf(device: string, attr: string): string {
  return `${device}\u0000${attr}`;
}

function message(id: number | undefined, event: AttrEvent): SSEMessage {
  return { ...(id === undefined ? {} : { id: String(id) }), event: 'change', data: new SerializedData(JSON.stringify(event)) };
}

/** A Last-Event-ID can be replayed when the ring still holds everything after it. */
function canReplay(ring: ReplayBuffer<AttrEvent>, lastId: string): boolean {
  const id = Number.parseInt(lastId, 10);
  if (!Number.isInteger(id) || id < 0 || id > ring.latestId) return false;
  const oldest = ring.oldestId ?? ring.latestId + 1;
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
    sim.readNow(device, attr); // throws UnknownDeviceError / UnknownAttributeError
    keys.add(keyOf(device, attr));
  }
  return keys;
}
