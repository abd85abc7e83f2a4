import { ObservatoryError, type Sequenced } from '@observatory/core';

/** One stream event: its topic and the `data:` JSON (payload plus `topic`), serialised once. */
export interface OetEvent {
  topic: string;
  data: string;
  /** UTF-8 size of `data`. */
  bytes: number;
}

/** Byte bounds of the event stream. */
export interface EventLimits {
  /** Largest event a script may publish (default 1 MiB). */
  maxEventBytes: number;
  /** Bytes the replay buffer keeps at most (default 32 MiB); the oldest events go first. */
  maxReplayBytes: number;
  /** Bytes queued for one stream client before it is cut off (default 8 MiB). */
  maxClientQueueBytes: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = {
  maxEventBytes: 1024 * 1024,
  maxReplayBytes: 32 * 1024 * 1024,
  maxClientQueueBytes: 8 * 1024 * 1024,
};

/** A script event larger than `maxEventBytes`. */
export class EventTooLargeError extends ObservatoryError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super('OET_EVENT_TOO_LARGE', `event of ${bytes} bytes exceeds the limit of ${limit} bytes`);
  }
}

/**
 * The server's event stream: numbered events (1, 2, 3… per process) kept for `Last-Event-ID` replay,
 * bounded by count and by bytes, and fanned out to live subscribers.
 */
export class EventBus {
  readonly limits: EventLimits;
  // a queue with a moving head: dropping the oldest is O(1) amortised
  private items: Array<Sequenced<OetEvent>> = [];
  private head = 0;
  private bytes = 0;
  private lastId = 0;
  private readonly listeners = new Set<(event: Sequenced<OetEvent>) => void>();

  constructor(
    readonly capacity: number,
    limits: Partial<EventLimits> = {},
  ) {
    if (capacity < 0) throw new RangeError('capacity must be >= 0');
    this.limits = { ...DEFAULT_EVENT_LIMITS, ...limits };
  }

  publish(topic: string, payload: Record<string, unknown>): Sequenced<OetEvent> {
    const data = JSON.stringify({ ...payload, topic });
    return this.append({ topic, data, bytes: Buffer.byteLength(data) });
  }

  /** Publishes an event from a script: one over `maxEventBytes` throws `EventTooLargeError` and is not kept. */
  publishBounded(topic: string, payload: Record<string, unknown>): Sequenced<OetEvent> {
    const data = JSON.stringify({ ...payload, topic });
    const bytes = Buffer.byteLength(data);
    if (bytes > this.limits.maxEventBytes) throw new EventTooLargeError(bytes, this.limits.maxEventBytes);
    return this.append({ topic, data, bytes });
  }

  private append(value: OetEvent): Sequenced<OetEvent> {
    const event = { id: ++this.lastId, value };
    this.items.push(event);
    this.bytes += value.bytes;
    this.evict();
    for (const listener of this.listeners) listener(event);
    return event;
  }

  private evict(): void {
    while (this.size > 0 && (this.size > this.capacity || this.bytes > this.limits.maxReplayBytes)) {
      this.bytes -= this.items[this.head]!.value.bytes;
      this.items[this.head++] = undefined as unknown as Sequenced<OetEvent>;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private get size(): number {
    return this.items.length - this.head;
  }

  /** Buffered events after `lastEventId`; an id above the newest means the server restarted: all. */
  since(lastEventId: number): Array<Sequenced<OetEvent>> {
    const after = lastEventId > this.lastId ? 0 : lastEventId;
    const out: Array<Sequenced<OetEvent>> = [];
    for (let id = Math.max(after + 1, this.oldestId ?? this.lastId + 1); id <= this.lastId; id++) out.push(this.at(id)!);
    return out;
  }

  /** The buffered event with this id, or undefined once it has been dropped (or never existed). */
  at(id: number): Sequenced<OetEvent> | undefined {
    const oldest = this.oldestId;
    if (oldest === undefined || id < oldest || id > this.lastId) return undefined;
    return this.items[this.head + (id - oldest)];
  }

  /** The oldest buffered id (undefined when empty): replay cannot reach further back. */
  get oldestId(): number | undefined {
    return this.items[this.head]?.id;
  }

  /** Bytes held by the replay buffer. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  subscribe(listener: (event: Sequenced<OetEvent>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get latestId(): number {
    return this.lastId;
  }
}

/** `?topics=a,b`: a topic matches an entry equal to it or a prefix ending at a dot; `all`/empty: everything. */
export function topicFilter(spec: string | undefined): (topic: string) => boolean {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries.includes('all')) return () => true;
  return (topic) => entries.some((entry) => topic === entry || topic.startsWith(`${entry}.`));
}
