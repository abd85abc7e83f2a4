import type { FastifyReply } from 'fastify';
import type { Sequenced } from '@observatory/core';
import type { EventBus, OetEvent } from '../events/event-bus.js';
import { topicFilter } from '../events/event-bus.js';

export interface StreamOptions {
  heartbeatMs: number;
  /** A client this many events behind (unsent) is cut off. */
  maxQueuedEvents: number;
}

/** The topic of the notice a client gets when events it asked for are no longer buffered. */
export const MISSED_TOPIC = 'stream.missed';

const frame = (event: Sequenced<OetEvent>): string => `id:${event.id}\ndata:${event.value.data}\n\n`;

/**
 * One SSE client: headers and a lone `\n` at once, then the events after `Last-Event-ID`, then live
 * events, `: heartbeat` comments while idle. Frames are compact `id:` then `data:` lines;
 * OET 7 writes `data:` first, with Python's `", "`/`": "` JSON separators, then `id:` (clients parsing SSE see no difference).
 *
 * Memory per client is bounded in bytes: replayed events are read from the bus as the socket drains
 * (never copied), live events wait in a queue of at most `maxClientQueueBytes`; a client that falls
 * further behind is cut off, reconnects with `Last-Event-ID`, and is told with a `stream.missed`
 * event whatever the buffer no longer holds.
 */
export class SseClient {
  private readonly queue: Array<Sequenced<OetEvent>> = [];
  private queuedBytes = 0;
  /** Next id to replay from the bus, up to `replayEnd`; live events are above `replayEnd`. */
  private replayNext = 1;
  private replayEnd = 0;
  private blocked = false;
  private keep: (topic: string) => boolean = () => true;
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly reply: FastifyReply,
    private readonly bus: EventBus,
    private readonly options: StreamOptions,
    private readonly onEnd: (client: SseClient) => void,
  ) {}

  start(lastEventId: string | undefined, topics: string | undefined): void {
    const raw = this.reply.raw;
    this.keep = topicFilter(topics);
    this.reply.sse.keepAlive();
    this.reply.header('content-type', 'text/event-stream; charset=utf-8');
    this.reply.sse.sendHeaders(200);
    raw.socket?.setNoDelay(true);
    raw.on('close', () => this.end());
    raw.on('drain', () => {
      this.blocked = false;
      this.pump();
    });
    this.write('\n');
    const parsed = lastEventId !== undefined && /^\s*\d+\s*$/.test(lastEventId) ? Number(lastEventId) : Number.NaN;
    this.replayEnd = this.bus.latestId;
    if (Number.isNaN(parsed)) this.replayNext = this.replayEnd + 1;
    // above the newest: the server restarted, so everything buffered (nothing of this server was seen)
    else this.replayNext = parsed > this.replayEnd ? (this.bus.oldestId ?? this.replayEnd + 1) : parsed + 1;
    // subscribe before replaying so nothing falls between the two; replayed ids are skipped live
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.id > this.replayEnd && this.keep(event.value.topic)) this.enqueue(event);
    });
    this.pump();
    this.heartbeat = setInterval(() => {
      if (!this.blocked && this.queue.length === 0) this.write(': heartbeat\n\n');
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private enqueue(event: Sequenced<OetEvent>): void {
    if (this.closed) return;
    this.queue.push(event);
    this.queuedBytes += event.value.bytes;
    if (this.queuedBytes > this.bus.limits.maxClientQueueBytes || this.queue.length >= this.options.maxQueuedEvents) {
      // too far behind: cut it off; it reconnects with Last-Event-ID and replays what is still buffered
      this.reply.raw.destroy();
      this.end();
      return;
    }
    this.pump();
  }

  /** Writes until the socket pushes back; resumes on 'drain'. */
  private pump(): void {
    while (!this.blocked && !this.closed) {
      const text = this.nextFrame();
      if (text === undefined) return;
      this.write(text);
    }
  }

  private nextFrame(): string | undefined {
    while (this.replayNext <= this.replayEnd) {
      const oldest = this.bus.oldestId ?? this.replayEnd + 1;
      if (this.replayNext < oldest) {
        const first = this.replayNext;
        const last = Math.min(oldest - 1, this.replayEnd);
        this.replayNext = last + 1;
        // its id is the last missed one, so a reconnect asks only for what follows
        const notice = JSON.stringify({ msg_src: 'OET', first_id: first, last_id: last, missed: last - first + 1, topic: MISSED_TOPIC });
        return `id:${last}\ndata:${notice}\n\n`;
      }
      const event = this.bus.at(this.replayNext++);
      if (event && this.keep(event.value.topic)) return frame(event);
    }
    const event = this.queue.shift();
    if (!event) return undefined;
    this.queuedBytes -= event.value.bytes;
    return frame(event);
  }

  private write(text: string): void {
    if (this.closed) return;
    if (!this.reply.raw.write(text)) this.blocked = true;
  }

  /** Ends the stream cleanly (server shutdown). */
  close(): void {
    if (this.closed) return;
    this.reply.raw.end();
    this.end();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.onEnd(this);
  }
}
