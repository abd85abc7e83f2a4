import { HttpTimeoutError, HttpUnreachableError, mapTransportError, openEventStream } from '@observatory/core';
import { Agent } from 'undici';
import type { OetEvent } from './types.js';

export interface EventFeedOptions {
  headersTimeoutMs: number;
  /** Extra request headers (the bearer token). */
  headers?: Record<string, string>;
  /** Detach (Ctrl-C): `next()` then returns undefined. */
  signal?: AbortSignal;
  /** Reconnect attempts after a drop before giving up; default 5 (500 ms apart). */
  maxReconnects?: number;
  /** Told when the stream drops and when it is back (e.g. to tell the user). */
  onConnectionChange?: (state: 'lost' | 'restored') => void;
}

/**
 * The server's event stream as a pull queue, on core's SSE client (which reconnects with
 * `Last-Event-ID`). `open()` resolves once the server has answered, so nothing published after it
 * is missed.
 */
export class EventFeed {
  private readonly controller = new AbortController();
  /** No body timeout: an idle stream is normal between heartbeats. */
  private readonly agent: Agent;
  /** Resolves when the stream first opens; rejects if the first attempt fails before that. */
  private readonly opened: Promise<void>;
  private settleOpened!: (err?: Error) => void;
  private openCount = 0;
  private streamOpen = false;
  private readonly queue: OetEvent[] = [];
  private waiter: (() => void) | undefined;
  private done = false;
  private error: Error | undefined;
  private pump: Promise<void> | undefined;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    private readonly url: string,
    private readonly options: EventFeedOptions,
  ) {
    this.agent = new Agent({ headersTimeout: options.headersTimeoutMs, connectTimeout: options.headersTimeoutMs, bodyTimeout: 0 });
    this.opened = new Promise<void>((resolve, reject) => {
      let settled = false;
      this.settleOpened = (err) => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve();
      };
    });
    this.opened.catch(() => undefined); // observed by open(); never an unhandled rejection
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.controller.abort();
  }

  /** Connects; rejects with a typed error when the server cannot be reached or refuses the stream. */
  async open(): Promise<void> {
    this.pump ??= this.run();
    const failed = this.pump.then(() => {
      if (this.error !== undefined) throw this.error;
    });
    try {
      await Promise.race([this.opened, failed]);
    } catch (err) {
      this.controller.abort();
      if (this.options.signal?.aborted) return;
      throw this.error ?? mapTransportError(err, this.url, this.options.headersTimeoutMs);
    }
  }

  /** The next event, or undefined once detached; throws if the stream failed for good. */
  async next(): Promise<OetEvent | undefined> {
    for (;;) {
      const event = this.queue.shift();
      if (event) return event;
      if (this.done) {
        if (this.error !== undefined && !this.controller.signal.aborted) throw this.error;
        return undefined;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  private async run(): Promise<void> {
    const stream = openEventStream(this.url, {
      dispatcher: this.agent,
      headers: this.options.headers,
      signal: this.controller.signal,
      maxReconnects: this.options.maxReconnects ?? 5,
      retryMs: 500,
      onOpen: () => {
        this.streamOpen = true;
        if (this.openCount++ > 0) this.options.onConnectionChange?.('restored');
        this.settleOpened();
      },
      onDrop: (error) => {
        if (this.streamOpen) {
          this.streamOpen = false;
          if (!this.controller.signal.aborted) this.options.onConnectionChange?.('lost');
        }
        // The first attempt failed: open() reports it (mapped with our own timeout) rather than retrying.
        if (this.openCount === 0) this.settleOpened(error instanceof HttpTimeoutError || error instanceof HttpUnreachableError ? (error.cause as Error) : error);
      },
    });
    try {
      for await (const raw of stream) {
        const event = parseEvent(raw.id, raw.data);
        if (event) this.push(event);
      }
    } catch (err) {
      this.error = err instanceof Error ? err : new Error(String(err));
    } finally {
      this.done = true;
      this.wake();
    }
  }

  private push(event: OetEvent): void {
    this.queue.push(event);
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.controller.abort();
    await this.pump;
    await this.agent.destroy();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** An event's JSON payload; events without data or JSON are shown with a made-up topic rather than lost. */
export function parseEvent(id: string, data: string): OetEvent | undefined {
  if (data.trim() === '') return undefined;
  try {
    const payload = JSON.parse(data) as unknown;
    if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
      const record = payload as Record<string, unknown>;
      return { id, topic: typeof record.topic === 'string' ? record.topic : 'unknown', payload: record };
    }
  } catch {
    // fall through: keep the raw text
  }
  return { id, topic: 'unparsed', payload: { topic: 'unparsed', data } };
}
