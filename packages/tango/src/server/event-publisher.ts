import { Publisher, XPublisher } from 'zeromq';
import { componentLogger, type Logger } from '@observatory/core';
import type { DevError } from '../errors/tango-errors.js';
import { encodeEventPayload, encodeZmqCallInfo, type EventPayload } from '../idl/events.js';
import type { AttributeConfig_5 } from '../idl/structs.js';
import { DeviceError } from './device-error.js';

/** Event names a client can subscribe to (without the `idl5_` prefix). */
export const EVENT_KINDS = ['change', 'periodic', 'archive', 'user_event', 'attr_conf', 'data_ready', 'intr_change', 'pipe'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Event kinds whose topic gets the `idl5_` prefix for IDL 5 clients (T-EVT-2). */
const IDL5_PREFIXED = new Set<EventKind>(['change', 'periodic', 'archive', 'user_event', 'attr_conf']);

export interface EventSubscription {
  device: string;
  attribute: string;
  kind: EventKind;
  /** Client IDL release; 5 gets AttributeValue_5 and `idl5_` topics. */
  idl: number;
  topic: string;
  lastSeen: number;
}

export interface EventPublisherOptions {
  /** IP the PUB sockets bind on (the GIOP endpoint's). */
  host: string;
  /** `tango://<host:port>/` (TANGO_HOST in database mode, the server's host:port in nodb mode). */
  prefix: string;
  /** nodb mode: topics carry `#dbase=no` after the device/attribute name. */
  nodb: boolean;
  /** `dserver/exec/inst`, lower case. */
  adminName: string;
  /** Heartbeat period (cppTango ~9 s). */
  heartbeatMs?: number;
  /** Subscriptions not confirmed for this long are dropped (cppTango 600 s). */
  expiryMs?: number;
  /** Messages waiting to be handed to libzmq; beyond it events are dropped (never blocks). Default 10 000. */
  maxQueuedMessages?: number;
  /** Clock (ms) for expiry; injectable for tests. */
  now?: () => number;
  logger?: Logger;
}

/** What ZmqEventSubscriptionChange answers (T-EVT-1). */
export interface SubscriptionReply {
  lvalue: number[];
  svalue: string[];
}

/** The byte-order frame of every event message (little endian). */
const LITTLE_ENDIAN_FRAME = Buffer.from([1]);
/** How long, and how much, is held for a topic whose ZeroMQ subscription has not arrived (then dropped). */
const HOLD_MS = 5000;
const MAX_HELD_PER_TOPIC = 64;
const MAX_HELD_TOPICS = 1024;

/** Library release reported to subscribers (cppTango 9.3.4). */
export const TANGO_LIB_RELEASE = 934;
/** libzmq version of the npm zeromq package, as maj*100+min*10+patch. */
const ZMQ_VERSION = 435;

/**
 * The ZMQ side of a device server: a heartbeat PUB socket bound at start, an event PUB socket bound at the
 * first subscription, subscription bookkeeping with expiry, per-topic counters, and a bounded send queue
 * (a slow subscriber costs dropped events, never memory or blocking).
 */
export class EventPublisher {
  private readonly log: Logger;
  private heartbeat: Publisher | undefined;
  private event: XPublisher | undefined;
  /** Topic prefixes ZeroMQ subscribers have subscribed to on the event socket (from the XPUB), with counts. */
  private readonly zmqTopics = new Map<string, number>();
  /**
   * Events for topics a client subscribed to through ZmqEventSubscriptionChange but whose ZeroMQ subscription has
   * not reached us yet: held (bounded, briefly) instead of being filtered out by the PUB socket, so an event pushed
   * right after a subscription (e.g. attr_conf after set_attribute_config) is not lost to the slow-joiner window.
   */
  private readonly held = new Map<string, { since: number; messages: Buffer[][] }>();
  private heartbeatEndpoint = '';
  private eventEndpoint = '';
  private readonly subs = new Map<string, EventSubscription>();
  private readonly counters = new Map<string, number>();
  private readonly queue: Array<{ socket: Publisher | XPublisher; frames: Buffer[] }> = [];
  private sending = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private bindingEvent: Promise<void> | undefined;
  /** Events dropped: the send queue was full, or no ZeroMQ subscription arrived for a held event in time. */
  dropped = 0;
  /** Messages handed to libzmq. */
  sent = 0;

  constructor(private readonly options: EventPublisherOptions) {
    this.log = componentLogger(options.logger, 'tango-events');
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Events held for a subscription that has not reached the event socket yet (bounded, dropped after 5 s). */
  get holding(): number {
    let n = 0;
    for (const h of this.held.values()) n += h.messages.length;
    return n;
  }

  /** Messages waiting for libzmq (bounded by `maxQueuedMessages`). */
  get queued(): number {
    return this.queue.length;
  }

  /** Heartbeat channel name returned to clients; heartbeats go to `<channel>.heartbeat` exactly. */
  get channel(): string {
    return `${this.options.prefix}${this.options.adminName}`.toLowerCase();
  }

  async start(): Promise<void> {
    this.heartbeat = new Publisher({ sendHighWaterMark: 1000, linger: 0 });
    await this.heartbeat.bind(`tcp://${this.options.host}:*`);
    this.heartbeatEndpoint = this.heartbeat.lastEndpoint ?? '';
    const period = this.options.heartbeatMs ?? 9000;
    this.timer = setInterval(() => this.tick(), period);
    this.timer.unref();
  }

  private async ensureEventSocket(): Promise<void> {
    if (this.event) return;
    this.bindingEvent ??= (async () => {
      const pub = new XPublisher({ sendHighWaterMark: 1000, linger: 0 });
      await pub.bind(`tcp://${this.options.host}:*`);
      this.eventEndpoint = pub.lastEndpoint ?? '';
      this.event = pub;
      void this.watchSubscriptions(pub);
    })();
    await this.bindingEvent;
  }

  /** Reads the XPUB's (unique) subscribe/unsubscribe messages and releases events held for a new subscription. */
  private async watchSubscriptions(pub: XPublisher): Promise<void> {
    try {
      for await (const [msg] of pub) {
        if (!msg || msg.length < 1) continue;
        const prefix = msg.toString('latin1', 1);
        if (msg[0] === 1) {
          this.zmqTopics.set(prefix, (this.zmqTopics.get(prefix) ?? 0) + 1);
          for (const [topic, h] of this.held) {
            if (!topic.startsWith(prefix)) continue;
            this.held.delete(topic);
            for (const frames of h.messages) this.enqueue(pub, frames);
          }
        } else if (msg[0] === 0) {
          const n = (this.zmqTopics.get(prefix) ?? 0) - 1;
          if (n > 0) this.zmqTopics.set(prefix, n);
          else this.zmqTopics.delete(prefix);
        }
      }
    } catch (err) {
      if (!this.closed) this.log.debug({ err }, 'event subscription watch ended');
    }
  }

  private zmqSubscribed(topic: string): boolean {
    if (this.zmqTopics.has(topic)) return true;
    for (const prefix of this.zmqTopics.keys()) if (topic.startsWith(prefix)) return true;
    return false;
  }

  /** `["info"]` of ZmqEventSubscriptionChange. */
  info(): SubscriptionReply {
    return { lvalue: [TANGO_LIB_RELEASE], svalue: [`Heartbeat: ${this.heartbeatEndpoint}`, `Event: ${this.eventEndpoint || 'not bound yet'}`] };
  }

  topicFor(device: string, attribute: string, kind: EventKind, idl: number): string {
    const name = idl >= 5 && IDL5_PREFIXED.has(kind) ? `idl5_${kind}` : kind;
    const dev = kind === 'intr_change' ? device : `${device}/${attribute}`;
    return `${this.options.prefix}${dev}${this.options.nodb ? '#dbase=no' : ''}.${name}`.toLowerCase();
  }

  /** Registers (or refreshes) a subscription and answers what the client needs to connect. */
  async subscribe(device: string, attribute: string, eventName: string, clientIdl: number): Promise<SubscriptionReply> {
    const { kind, idl } = parseEventName(eventName, clientIdl);
    await this.ensureEventSocket();
    const topic = this.topicFor(device, attribute, kind, idl);
    const key = topic;
    this.subs.set(key, { device: device.toLowerCase(), attribute: attribute.toLowerCase(), kind, idl, topic, lastSeen: this.now() });
    // A heartbeat right away shortens the subscriber's first wait (cppTango sends two to a new client).
    this.sendHeartbeat();
    return {
      lvalue: [TANGO_LIB_RELEASE, 5, 1000, 0, 0, ZMQ_VERSION],
      svalue: [this.heartbeatEndpoint, this.eventEndpoint, topic, this.channel],
    };
  }

  /** EventConfirmSubscription: triplets `[device, attribute, event, ...]`. */
  confirm(triplets: readonly string[]): void {
    if (triplets.length % 3 !== 0) throw new DeviceError('API_WrongNumberOfArgs', 'EventConfirmSubscription expects device/attribute/event triplets', 'DServer::event_confirm_subscription');
    const now = this.now();
    for (let i = 0; i < triplets.length; i += 3) {
      const device = triplets[i]!;
      const attribute = triplets[i + 1]!;
      const { kind, idl } = parseEventName(triplets[i + 2]!, 0);
      const topic = this.topicFor(device, attribute, kind, idl);
      const s = this.subs.get(topic);
      if (s) s.lastSeen = now;
      else this.subs.set(topic, { device: device.toLowerCase(), attribute: attribute.toLowerCase(), kind, idl, topic, lastSeen: now });
    }
  }

  /** Live subscriptions (expired ones are dropped on the way). */
  subscriptions(): EventSubscription[] {
    this.expire();
    return [...this.subs.values()];
  }

  private expire(): void {
    const limit = this.options.expiryMs ?? 600_000;
    const now = this.now();
    for (const [key, s] of this.subs) {
      if (now - s.lastSeen > limit) {
        this.subs.delete(key);
        this.log.debug({ topic: s.topic }, 'subscription expired');
      }
    }
  }

  /** Live subscriptions to one attribute and kind (IDL variants included). */
  subscribers(device: string, attribute: string, kind: EventKind): EventSubscription[] {
    const limit = this.options.expiryMs ?? 600_000;
    const now = this.now();
    const d = device.toLowerCase();
    const a = attribute.toLowerCase();
    const out: EventSubscription[] = [];
    for (const s of this.subs.values()) {
      if (s.kind === kind && s.device === d && (kind === 'intr_change' || s.attribute === a) && now - s.lastSeen <= limit) out.push(s);
    }
    return out;
  }

  hasSubscribers(device: string, attribute: string, kind: EventKind): boolean {
    return this.subscribers(device, attribute, kind).length > 0;
  }

  /**
   * Publishes one event to every live subscription of (device, attribute, kind). `payload` builds the
   * payload for a client IDL; `errors` (non-empty) sends an error event instead.
   */
  publish(device: string, attribute: string, kind: EventKind, payload: (idl: number) => EventPayload, errors?: readonly DevError[]): number {
    let n = 0;
    for (const s of this.subscribers(device, attribute, kind)) {
      const isExcept = !!errors && errors.length > 0;
      const data = encodeEventPayload(isExcept ? { kind: 'DevErrorList', value: [...errors] } : payload(s.idl));
      this.sendEvent(s.topic, data, isExcept);
      n++;
    }
    return n;
  }

  publishConfig(device: string, config: AttributeConfig_5): number {
    return this.publish(device, config.name, 'attr_conf', () => ({ kind: 'AttributeConfig_5', value: config }));
  }

  private sendEvent(topic: string, data: Buffer, isExcept: boolean): void {
    if (!this.event) return;
    const ctr = (this.counters.get(topic) ?? 0) + 1;
    this.counters.set(topic, ctr);
    const info = encodeZmqCallInfo({ version: 1, ctr, method_name: '', oid: new Uint8Array(0), call_is_except: isExcept });
    const frames = [Buffer.from(topic, 'latin1'), LITTLE_ENDIAN_FRAME, info, data];
    if (!this.zmqSubscribed(topic)) {
      this.hold(topic, frames);
      return;
    }
    this.enqueue(this.event, frames);
  }

  private hold(topic: string, frames: Buffer[]): void {
    const now = this.now();
    for (const [t, h] of this.held) {
      if (now - h.since <= HOLD_MS) continue;
      this.held.delete(t);
      this.dropped += h.messages.length;
    }
    let h = this.held.get(topic);
    if (!h) {
      if (this.held.size >= MAX_HELD_TOPICS) {
        this.dropped++;
        return;
      }
      this.held.set(topic, (h = { since: now, messages: [] }));
    }
    if (h.messages.length < MAX_HELD_PER_TOPIC) h.messages.push(frames);
    else this.dropped++;
  }

  private sendHeartbeat(): void {
    if (!this.heartbeat) return;
    const info = encodeZmqCallInfo({ version: 1, ctr: 0, method_name: '', oid: new Uint8Array(0), call_is_except: false });
    this.enqueue(this.heartbeat, [Buffer.from(`${this.channel}.heartbeat`, 'latin1'), LITTLE_ENDIAN_FRAME, info]);
  }

  private tick(): void {
    this.expire();
    this.sendHeartbeat();
  }

  private enqueue(socket: Publisher | XPublisher, frames: Buffer[]): void {
    if (this.closed) return;
    if (this.queue.length >= (this.options.maxQueuedMessages ?? 10_000)) {
      this.dropped++;
      return;
    }
    this.queue.push({ socket, frames });
    if (!this.sending) void this.drain();
  }

  // zeromq.js allows one send in progress per socket; PUB sends never block (libzmq drops at the HWM).
  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const item = this.queue.shift()!;
        try {
          await item.socket.send(item.frames);
          this.sent++;
        } catch (err) {
          if (!this.closed) this.log.debug({ err }, 'event send failed');
        }
      }
    } finally {
      this.sending = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.queue.length = 0;
    this.held.clear();
    this.heartbeat?.close();
    this.event?.close();
  }
}

/** `idl5_change` → change (IDL 5), `change` with client IDL n → change (IDL n). */
export function parseEventName(name: string, clientIdl: number): { kind: EventKind; idl: number } {
  const m = /^idl(\d+)_(.+)$/.exec(name.toLowerCase());
  const base = m ? m[2]! : name.toLowerCase();
  const idl = m ? Number(m[1]) : clientIdl;
  if (!(EVENT_KINDS as readonly string[]).includes(base)) {
    throw new DeviceError('API_WrongEventName', `unknown event name ${name}`, 'DServer::zmq_event_subscription_change');
  }
  return { kind: base as EventKind, idl: idl || 5 };
}
