import { ApiError, detailText } from './api-error.js';
import { SseParser, type SseMessage } from './sse-parser.js';

export type StreamStatus =
  | { kind: 'connecting' }
  | { kind: 'live' }
  /** Reconnected with `Last-Event-ID`: the server is replaying what was missed. */
  | { kind: 'catching-up'; after: string }
  | { kind: 'reconnecting'; attempt: number; reason: string }
  /** 401/403 (or another HTTP error): no retry until `restart()`, e.g. after a new token. */
  | { kind: 'failed'; error: ApiError };

export interface EventStreamOptions {
  url: string;
  headers: () => Record<string, string>;
  onMessage: (message: SseMessage) => void;
  onStatus: (status: StreamStatus) => void;
  /** Quiet time after which a replay counts as finished (default 400 ms). */
  settleMs?: number;
}

/**
 * An SSE stream read with fetch, so it can send `Authorization` (EventSource cannot) and `Last-Event-ID`
 * on every reconnect. Drops reconnect with a growing delay (0.5 s to 5 s).
 */
export class EventStream {
  #controller: AbortController | undefined;
  #lastEventId: string | undefined;
  #closed = false;
  #run = 0;

  constructor(private readonly options: EventStreamOptions) {}

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  start(): void {
    this.#closed = false;
    const run = ++this.#run;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    void this.#loop(run, controller.signal);
  }

  /** Starts over now (e.g. with a new token), keeping the last id so nothing is missed. */
  restart(): void {
    this.start();
  }

  close(): void {
    this.#closed = true;
    this.#run++;
    this.#controller?.abort();
  }

  async #loop(run: number, signal: AbortSignal): Promise<void> {
    let attempt = 0;
    const alive = () => !this.#closed && run === this.#run;
    while (alive()) {
      const resuming = this.#lastEventId;
      this.options.onStatus(resuming === undefined ? { kind: 'connecting' } : { kind: 'catching-up', after: resuming });
      let reason = 'the stream ended';
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...this.options.headers() };
        if (resuming !== undefined) headers['last-event-id'] = resuming;
        const response = await fetch(this.options.url, { headers, signal, cache: 'no-store' });
        if (!response.ok || !response.body) {
          const text = await response.text().catch(() => '');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          const error = new ApiError(response.status, detailText(body, text.trim() || response.statusText));
          if (response.status >= 400 && response.status < 500) {
            this.options.onStatus({ kind: 'failed', error });
            return;
          }
          throw error;
        }
        attempt = 0;
        await this.#read(response.body, resuming !== undefined, alive);
      } catch (err) {
        if (!alive()) return;
        reason = err instanceof Error ? err.message : String(err);
      }
      if (!alive()) return;
      attempt++;
      this.options.onStatus({ kind: 'reconnecting', attempt, reason });
      await wait(Math.min(5000, 500 * attempt), signal);
    }
  }

  async #read(body: ReadableStream<Uint8Array>, resuming: boolean, alive: () => boolean): Promise<void> {
    const settleMs = this.options.settleMs ?? 400;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const goLive = () => {
      settle = undefined;
      if (alive()) this.options.onStatus({ kind: 'live' });
    };
    // A replay arrives as a burst right after the headers; live once it has been quiet for a moment.
    if (resuming) settle = setTimeout(goLive, settleMs);
    else goLive();
    const parser = new SseParser((message) => {
      if (message.id !== undefined) this.#lastEventId = message.id;
      if (settle !== undefined) {
        clearTimeout(settle);
        settle = setTimeout(goLive, settleMs);
      }
      this.options.onMessage(message);
    });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      if (settle !== undefined) clearTimeout(settle);
      reader.releaseLock();
    }
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
