import type { FastifyReply } from 'fastify';
import type { Sequenced } from '@observatory/core';
import type { EventBus, OetEvent } from '../events/event-bus.js';
import { topicFilter } from '../events/event-bus.js';

export interface StreamOptions {
  heartbeatMs: number;
  /** A client this many events behind (unflushed) is cut off. */
  maxQueuedEvents: number;
}

const frame = (event: Sequenced<OetEvent>): string => `id:${event.id}\ndata:${event.value.data}\n\n`;

/**
 * One SSE client: headers and a lone `\n` at once, then replayed events after `Last-Event-ID`, then
 * live events, `: heartbeat` comments while idle. Frames are written in OET's exact byte format.
 */
export class SseClient {
  private queued = 0;
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
    const keep = topicFilter(topics);
    this.reply.sse.keepAlive();
    this.reply.header('content-type', 'text/event-stream; charset=utf-8');
    this.reply.sse.sendHeaders(200);
    raw.socket?.setNoDelay(true);
    raw.on('close', () => this.end());
    raw.on('drain', () => {
      this.queued = 0;
    });
    this.write('\n');
    // subscribe before replaying so nothing falls between the two; replayed ids are skipped live
    let replayedUpTo = 0;
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.id > replayedUpTo && keep(event.value.topic)) this.send(event);
    });
    const parsed = lastEventId === undefined ? Number.NaN : Number.parseInt(lastEventId, 10);
    if (!Number.isNaN(parsed)) {
      const missed = this.bus.since(parsed);
      for (const event of missed) if (keep(event.value.topic)) this.send(event);
      replayedUpTo = missed.at(-1)?.id ?? 0;
    }
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private send(event: Sequenced<OetEvent>): void {
    this.write(frame(event));
  }

  private write(text: string): void {
    if (this.closed) return;
    const raw = this.reply.raw;
    if (!raw.write(text)) {
      if (++this.queued >= this.options.maxQueuedEvents) raw.destroy();
    }
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
    this.onEnd(this);
  }
}
