/** One buffered event with its monotonically increasing id. */
export interface Sequenced<T> {
  id: number;
  value: T;
}

/**
 * A bounded history of events with increasing ids, for SSE `Last-Event-ID` replay: subscribers get
 * what they missed (as far as the buffer reaches), then live events.
 */
export class ReplayBuffer<T> {
  private readonly items: Array<Sequenced<T>> = [];
  private readonly listeners = new Set<(event: Sequenced<T>) => void>();
  private lastId = 0;

  constructor(readonly capacity = 1000) {
    if (capacity < 0) throw new RangeError('capacity must be >= 0');
  }

  /** The id of the newest event (0 before the first). */
  get latestId(): number {
    return this.lastId;
  }

  /** The id of the oldest event still buffered (undefined when empty): replay cannot reach further back. */
  get oldestId(): number | undefined {
    return this.items[0]?.id;
  }

  /** Appends an event, notifies subscribers, and returns it with its id. */
  push(value: T): Sequenced<T> {
    const event = { id: ++this.lastId, value };
    this.items.push(event);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Buffered events after `id` (all buffered events when `id` is undefined or unparsable). */
  since(id: number | string | undefined): Array<Sequenced<T>> {
    const after = typeof id === 'string' ? Number.parseInt(id, 10) : id;
    if (after === undefined || Number.isNaN(after)) return [...this.items];
    const first = this.items.findIndex((e) => e.id > after);
    return first === -1 ? [] : this.items.slice(first);
  }

  /** Live events from now on; returns the unsubscribe function. */
  subscribe(listener: (event: Sequenced<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
