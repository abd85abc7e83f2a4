import type { Sink } from './types.js';

/**
 * Subscriber bookkeeping for sending systems: `publish()` puts a message into every subscribed sink.
 * Sinks are latest-only, so a slow subscriber skips messages and never slows the others.
 */
export class Broadcaster {
  private readonly sinks = new Set<Sink>();

  subscribe(sink: Sink): void {
    this.sinks.add(sink);
  }

  unsubscribe(sink: Sink): void {
    this.sinks.delete(sink);
  }

  get size(): number {
    return this.sinks.size;
  }

  publish(message: Uint8Array): void {
    for (const sink of this.sinks) sink.put(message);
  }
}

/** A sink that keeps only the newest message until taken (the reference's drained `Queue(1)`). */
export class LatestSink implements Sink {
  private latest: Uint8Array | undefined;
  private waiter: ((message: Uint8Array) => void) | undefined;

  constructor(private readonly onMessage?: (sink: LatestSink) => void) {}

  put(message: Uint8Array): void {
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter(message);
      return;
    }
    this.latest = message;
    this.onMessage?.(this);
  }

  /** Takes the pending message, if any. */
  take(): Uint8Array | undefined {
    const message = this.latest;
    this.latest = undefined;
    return message;
  }

  /** Resolves with the next message put (or the pending one). */
  next(): Promise<Uint8Array> {
    const pending = this.take();
    if (pending) return Promise.resolve(pending);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}
