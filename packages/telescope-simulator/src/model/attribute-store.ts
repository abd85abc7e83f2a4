import type { TimeoutClock } from '@observatory/core';
import { UnknownAttributeError, UnknownDeviceError } from '../errors.js';
import type { AttrEvent, AttrEventListener, AttrReading } from '../types.js';

interface Attribute extends AttrReading {
  initialValue: unknown;
}

interface Subscription {
  listener: AttrEventListener;
  /** Events at or below this seq were already covered by the initial value. */
  minSeq: number;
}

/** Decides per event whether it reaches subscribers (the `dropEvents` fault). */
export type EventFilter = (event: AttrEvent) => boolean;

/**
 * The attributes of every device, their change events and subscriptions. Every change gets the next
 * global sequence number; unchanged writes emit nothing (Tango change-event semantics).
 */
export class AttributeStore {
  private readonly devices = new Map<string, Map<string, Attribute>>();
  private readonly subscriptions = new Map<string, Set<Subscription>>();
  private readonly everything = new Set<Subscription>();
  private readonly latencyTimers = new Set<unknown>();
  private lastSeq = 0;

  constructor(
    private readonly clock: TimeoutClock,
    private readonly options: { latencyMs: () => number; filter: EventFilter; onListenerError: (err: unknown) => void },
  ) {}

  get seq(): number {
    return this.lastSeq;
  }

  define(device: string, attrs: Record<string, unknown>): void {
    const map = this.devices.get(device) ?? new Map<string, Attribute>();
    const time = this.clock.now();
    for (const [name, value] of Object.entries(attrs)) map.set(name, { value, initialValue: value, seq: 0, time });
    this.devices.set(device, map);
  }

  deviceNames(): string[] {
    return [...this.devices.keys()];
  }

  hasDevice(device: string): boolean {
    return this.devices.has(device);
  }

  attributeNames(device: string): string[] {
    return [...this.attrs(device).keys()];
  }

  read(device: string, attr: string): AttrReading {
    const a = this.attribute(device, attr);
    return { value: copy(a.value), seq: a.seq, time: a.time };
  }

  value(device: string, attr: string): unknown {
    return this.attribute(device, attr).value;
  }

  /** Sets a value; emits a change event unless it is unchanged. */
  set(device: string, attr: string, value: unknown): void {
    const a = this.attribute(device, attr);
    if (sameValue(a.value, value)) return;
    a.value = value;
    a.seq = ++this.lastSeq;
    a.time = this.clock.now();
    this.emit({ device, attr, value, seq: a.seq, time: a.time });
  }

  /** Every attribute back to its initial value (emitting changes). */
  resetAll(): void {
    for (const [device, map] of this.devices) for (const [attr, a] of map) this.set(device, attr, a.initialValue);
  }

  /** Subscribes; the listener gets the current value (`initial: true`) synchronously, then changes. */
  subscribe(device: string, attr: string, listener: AttrEventListener): () => void {
    const a = this.attribute(device, attr);
    const key = keyOf(device, attr);
    const sub: Subscription = { listener, minSeq: a.seq };
    const set = this.subscriptions.get(key) ?? new Set<Subscription>();
    set.add(sub);
    this.subscriptions.set(key, set);
    this.call(sub, { device, attr, value: a.value, seq: a.seq, time: a.time, initial: true });
    return () => {
      set.delete(sub);
      if (set.size === 0) this.subscriptions.delete(key);
    };
  }

  /** Every change event of every attribute (no initial values). */
  subscribeAll(listener: AttrEventListener): () => void {
    const sub: Subscription = { listener, minSeq: this.lastSeq };
    this.everything.add(sub);
    return () => this.everything.delete(sub);
  }

  /** Every attribute's current value, as initial events. */
  snapshotEvents(): AttrEvent[] {
    const out: AttrEvent[] = [];
    for (const [device, map] of this.devices) {
      for (const [attr, a] of map) out.push({ device, attr, value: a.value, seq: a.seq, time: a.time, initial: true });
    }
    return out;
  }

  /** Drops pending delayed deliveries and every subscription. */
  close(): void {
    for (const t of this.latencyTimers) this.clock.clearTimeout(t);
    this.latencyTimers.clear();
    this.subscriptions.clear();
    this.everything.clear();
  }

  private emit(event: AttrEvent): void {
    if (!this.options.filter(event)) return;
    const latency = this.options.latencyMs();
    if (latency <= 0) {
      this.deliver(event);
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.latencyTimers.delete(timer);
      this.deliver(event);
    }, latency);
    this.latencyTimers.add(timer);
  }

  private deliver(event: AttrEvent): void {
    const set = this.subscriptions.get(keyOf(event.device, event.attr));
    if (set) for (const sub of [...set]) this.call(sub, event);
    for (const sub of [...this.everything]) this.call(sub, event);
  }

  private call(sub: Subscription, event: AttrEvent): void {
    if (!event.initial && event.seq <= sub.minSeq) return;
    try {
      sub.listener({ ...event, value: copy(event.value) });
    } catch (err) {
      this.options.onListenerError(err);
    }
  }

  private attrs(device: string): Map<string, Attribute> {
    const map = this.devices.get(device);
    if (!map) throw new UnknownDeviceError(device);
    return map;
  }

  private attribute(device: string, attr: string): Attribute {
    const a = this.attrs(device).get(attr);
    if (!a) throw new UnknownAttributeError(device, attr);
    return a;
  }
}

function keyOf(device: string, attr: string): string {
  return `${device}\u0000${attr}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Arrays are copied so a listener cannot mutate the model. */
function copy(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}
