import { ReplayBuffer, type Sequenced } from '@observatory/core';

/** One stream event: its topic and the `data:` JSON (payload plus `topic`), serialised once. */
export interface OetEvent {
  topic: string;
  data: string;
}

/**
 * The server's event stream: numbered events (1, 2, 3… per process) kept in a bounded replay buffer
 * for `Last-Event-ID`, and fanned out to live subscribers.
 */
export class EventBus {
  private readonly buffer: ReplayBuffer<OetEvent>;

  constructor(capacity: number) {
    this.buffer = new ReplayBuffer<OetEvent>(capacity);
  }

  publish(topic: string, payload: Record<string, unknown>): Sequenced<OetEvent> {
    return this.buffer.push({ topic, data: JSON.stringify({ ...payload, topic }) });
  }

  /** Buffered events after `lastEventId`; an id above the newest means the server restarted: all. */
  since(lastEventId: number): Array<Sequenced<OetEvent>> {
    if (lastEventId > this.buffer.latestId) return this.buffer.since(undefined);
    return this.buffer.since(lastEventId);
  }

  subscribe(listener: (event: Sequenced<OetEvent>) => void): () => void {
    return this.buffer.subscribe(listener);
  }

  get latestId(): number {
    return this.buffer.latestId;
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
