import { EventEmitter } from 'node:events';
import { componentLogger, type Logger } from '@observatory/core';
import { readingFromWire, type AttributeReading } from '../client/attribute-data.js';
import type { DeviceProxy } from '../client/device-proxy.js';
import { DevFailedError, TangoClosedError, TangoError, TangoValueError } from '../errors/tango-errors.js';
import type { AttDataReady } from '../idl/events.js';
import type { AttributeConfig_5, DevVarLongStringArray } from '../idl/structs.js';
import { ZmqEventReceiver, type ReceivedEvent } from './zmq-receiver.js';

export type EventType = 'change' | 'periodic' | 'archive' | 'user_event' | 'attr_conf' | 'data_ready';

/** One delivery to a subscription callback. Exactly one of `reading`, `config`, `dataReady`, `error` is set. */
export interface TangoEvent {
  device: string;
  attribute: string;
  type: EventType;
  reading?: AttributeReading;
  config?: AttributeConfig_5;
  dataReady?: AttDataReady;
  /** `API_EventTimeout` (no heartbeat), `API_MissedEvents` (counter gap) or the server's error for this attribute. */
  error?: TangoError;
  /** The server's event counter (events only). */
  counter?: number;
  /** `initial` = the current value read at (re-)subscription; `event` = ZMQ; `polling` = the polling fallback. */
  source: 'initial' | 'event' | 'polling';
  received: Date;
}

export type EventCallback = (event: TangoEvent) => void;

export interface SubscribeOptions {
  /** Poll instead of subscribing to ZMQ events (what OET's `read_via_pubsub = false` means). */
  polling?: boolean;
  /** Polling period, default the subscriber's `pollingPeriodMs`. */
  periodMs?: number;
}

export interface Subscription {
  readonly id: number;
  readonly device: string;
  readonly attribute: string;
  readonly type: EventType;
  readonly mode: 'events' | 'polling';
  /** Stops deliveries (drops the ZMQ subscription; nothing is sent to the server, T-EVT-4). Idempotent. */
  unsubscribe(): Promise<void>;
}

export interface EventSubscriberOptions {
  /** Default for `subscribe(..., { polling })`: `'polling'` makes every subscription poll. */
  mode?: 'events' | 'polling';
  pollingPeriodMs?: number;
  /** No heartbeat for this long → `API_EventTimeout` (cppTango: 10 s). */
  heartbeatTimeoutMs?: number;
  /** How often heartbeats are checked (default 1000 ms, so a timeout is reported within ~11 s). */
  checkIntervalMs?: number;
  /**
   * Least time between two re-subscription attempts of a dead channel (default 10 000 ms, cppTango's keep-alive
   * period: faster retries hit a restarting cppTango server during its start-up, which it does not always survive).
   */
  resubscribeIntervalMs?: number;
  /** `EventConfirmSubscription` period (cppTango: 200 s). */
  confirmPeriodMs?: number;
  /** How long an event endpoint's ZeroMQ socket stays open after its last subscription goes (default 30 s), so re-subscribing reuses it. */
  idleSocketMs?: number;
  logger?: Logger;
}

export interface EventSubscriberEvents {
  /** `EventConfirmSubscription` was sent to an admin device with these triplets. */
  confirm: [admin: string, triplets: string[]];
  /** A subscription was renewed after its channel timed out. */
  resubscribed: [subscription: Subscription];
  /** A callback threw (it never stops deliveries). */
  error: [Error];
}

interface EventSub extends Subscription {
  proxy: DeviceProxy;
  admin: DeviceProxy;
  callback: EventCallback;
  eventName: string;
  topic: string;
  eventEndpoint: string;
  hbEndpoint: string;
  channel: string;
  timedOutAt: number | undefined;
  lastAttempt: number;
  resubscribing: boolean;
  active: boolean;
  handler: (e: ReceivedEvent) => void;
}

function eventError(reason: string, desc: string): DevFailedError {
  return new DevFailedError([{ reason, severity: 'ERR', desc, origin: 'EventSubscriber' }]);
}

function fingerprint(r: AttributeReading | AttributeConfig_5 | undefined, err: TangoError | undefined): string {
  const replacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>, (x) => (typeof x === 'bigint' ? `${x}n` : x)) : v);
  if (err) return `error:${err.reason ?? err.message}`;
  if (r && 'quality' in r) return JSON.stringify([r.value, r.writeValue, r.quality], replacer);
  return JSON.stringify(r, replacer);
}

/**
 * Subscribes to Tango events over ZeroMQ (T-EVT-1) or, with `polling`, reads periodically and delivers
 * the same `TangoEvent`s, so callers switch between events and polling with one flag. The first delivery is
 * always the current value. Heartbeats are watched: `API_EventTimeout` error events while a server is
 * silent, then automatic re-subscription with the current value when it is back.
 */
export class EventSubscriber extends EventEmitter<EventSubscriberEvents> {
  private readonly receiver: ZmqEventReceiver;
  private readonly subs = new Map<number, EventSub>();
  private readonly pollers = new Set<() => void>();
  private nextId = 1;
  private closed = false;
  private readonly checkTimer: NodeJS.Timeout;
  private readonly confirmTimer: NodeJS.Timeout;
  private readonly log: Logger;
  private readonly heartbeatTimeoutMs: number;
  private readonly resubscribeIntervalMs: number;

  constructor(private readonly options: EventSubscriberOptions = {}) {
    super();
    this.log = componentLogger(options.logger, 'tango-events');
    this.receiver = new ZmqEventReceiver({ logger: options.logger, idleSocketMs: options.idleSocketMs });
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
    this.resubscribeIntervalMs = options.resubscribeIntervalMs ?? 10_000;
    this.checkTimer = setInterval(() => void this.checkHeartbeats(), options.checkIntervalMs ?? 1000);
    this.checkTimer.unref();
    this.confirmTimer = setInterval(() => void this.confirm(), options.confirmPeriodMs ?? 200_000);
    this.confirmTimer.unref();
  }

  /** Subscribes `callback` to `type` events of `attribute` on the proxy's device. */
  async subscribe(proxy: DeviceProxy, attribute: string, type: EventType, callback: EventCallback, options: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new TangoClosedError('event subscriber');
    const polling = options.polling ?? this.options.mode === 'polling';
    if (polling) return this.subscribePolling(proxy, attribute, type, callback, options.periodMs ?? this.options.pollingPeriodMs ?? 1000);
    return this.subscribeEvents(proxy, attribute, type, callback);
  }

  private deliver(callback: EventCallback, event: TangoEvent): void {
    try {
      callback(event);
    } catch (err) {
      this.emit('error', err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** The current value as an `initial` event (T-EVT-1). */
  private async initial(proxy: DeviceProxy, attribute: string, type: EventType, source: 'initial' | 'polling'): Promise<TangoEvent | undefined> {
    const base = { device: proxy.name, attribute, type, source, received: new Date() } as const;
    try {
      if (type === 'data_ready') return undefined;
      if (type === 'attr_conf') {
        proxy.invalidate(attribute);
        const [config] = await proxy.attributeConfig([attribute]);
        return { ...base, config };
      }
      const [reading] = await proxy.readMany([attribute]);
      if (!reading) return undefined;
      return reading.error ? { ...base, error: reading.error } : { ...base, reading };
    } catch (err) {
      return { ...base, error: err instanceof TangoError ? err : eventError('API_CommunicationFailed', String(err)) };
    }
  }

  private async zmqSubscribe(sub: Pick<EventSub, 'admin' | 'proxy' | 'attribute' | 'eventName'>, renew = false): Promise<{ hb: string; ev: string; topic: string; channel: string }> {
    // A renewal uses cppTango's own form (T-EVT-1): `idl5_<event>` and client IDL "0".
    const idl5 = ['change', 'periodic', 'archive', 'user_event', 'attr_conf'].includes(sub.eventName);
    const args = renew ? [sub.proxy.name, sub.attribute.toLowerCase(), 'subscribe', idl5 ? `idl5_${sub.eventName}` : sub.eventName, '0'] : [sub.proxy.name, sub.attribute.toLowerCase(), 'subscribe', sub.eventName, '5'];
    const reply = (await sub.admin.command('ZmqEventSubscriptionChange', args)) as DevVarLongStringArray;
    const s = reply.svalue;
    if (s.length < 4) throw new TangoValueError(`unexpected ZmqEventSubscriptionChange reply from ${sub.admin.name}`);
    return { hb: s[0]!, ev: s[1]!, topic: s[s.length - 2]!, channel: s[s.length - 1]! };
  }

  private async subscribeEvents(proxy: DeviceProxy, attribute: string, type: EventType, callback: EventCallback): Promise<Subscription> {
    const admin = await proxy.adminDevice();
    const partial = { admin, proxy, attribute, eventName: type };
    let where;
    try {
      where = await this.zmqSubscribe(partial);
    } catch (err) {
      await admin.close();
      throw err;
    }
    const id = this.nextId++;
    const sub: EventSub = {
      id,
      device: proxy.name,
      attribute,
      type,
      mode: 'events',
      proxy,
      admin,
      callback,
      eventName: type,
      topic: where.topic,
      eventEndpoint: where.ev,
      hbEndpoint: where.hb,
      channel: where.channel,
      timedOutAt: undefined,
      lastAttempt: 0,
      resubscribing: false,
      active: true,
      handler: (e) => this.onEvent(sub, e),
      unsubscribe: () => this.unsubscribe(id),
    };
    this.subs.set(id, sub);
    this.receiver.addHeartbeat(sub.hbEndpoint, sub.channel);
    this.receiver.addTopic(sub.eventEndpoint, sub.topic, sub.handler);
    // The current value is read only once the event socket is connected: a change after that read is published
    // to a subscribed socket, so none falls between the two (a new socket's handshake can take tens of ms).
    await this.receiver.joined(sub.eventEndpoint);
    const first = await this.initial(proxy, attribute, type, 'initial');
    if (first && sub.active) this.deliver(callback, first);
    return sub;
  }

  private onEvent(sub: EventSub, e: ReceivedEvent): void {
    if (!sub.active) return;
    // Literal objects (no spread of a shared base): this runs once per subscriber per event, and object spreads
    // were the largest cost of a fan-out delivery.
    const { device, attribute, type } = sub;
    const counter = e.ctr;
    if (e.missed > 0) this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), error: eventError('API_MissedEvents', `${e.missed} event(s) missed on ${sub.topic}`) });
    const p = e.payload;
    switch (p.kind) {
      case 'AttributeValue_5':
      case 'AttributeValue_4': {
        const reading = readingFromWire(p.value);
        if (reading.error) this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), error: reading.error });
        else this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), reading });
        return;
      }
      case 'AttributeConfig_5':
        sub.proxy.invalidate(sub.attribute);
        this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), config: p.value });
        return;
      case 'AttDataReady':
        this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), dataReady: p.value });
        return;
      case 'DevErrorList':
        this.deliver(sub.callback, { device, attribute, type, source: 'event', counter, received: new Date(), error: new DevFailedError(p.value) });
        return;
      default:
        return;
    }
  }

  private async checkHeartbeats(): Promise<void> {
    const now = Date.now();
    for (const sub of [...this.subs.values()]) {
      if (!sub.active) continue;
      const last = this.receiver.lastHeartbeat(sub.hbEndpoint, sub.channel) ?? now;
      if (now - last < this.heartbeatTimeoutMs) continue;
      if (sub.timedOutAt === undefined || now - sub.timedOutAt >= this.heartbeatTimeoutMs) {
        sub.timedOutAt = now;
        this.deliver(sub.callback, {
          device: sub.device,
          attribute: sub.attribute,
          type: sub.type,
          source: 'event',
          received: new Date(),
          error: eventError('API_EventTimeout', `Event channel is not responding anymore, maybe the server or event system is down (${sub.device}/${sub.attribute} ${sub.type})`),
        });
      }
      // One attempt at a time: on a loaded machine a re-import plus subscription can outlast the interval.
      if (!sub.resubscribing && now - sub.lastAttempt >= this.resubscribeIntervalMs) {
        sub.lastAttempt = now;
        sub.resubscribing = true;
        void this.resubscribe(sub).finally(() => (sub.resubscribing = false));
      }
    }
  }

  private async resubscribe(sub: EventSub): Promise<void> {
    let where;
    try {
      where = await this.zmqSubscribe(sub, true);
    } catch (err) {
      this.log.debug({ err, device: sub.device }, 're-subscription failed; will retry');
      return;
    }
    if (!sub.active) return;
    // A restarted server has new ZMQ endpoints and restarts its counters.
    this.receiver.removeTopic(sub.eventEndpoint, sub.topic, sub.handler);
    this.receiver.removeHeartbeat(sub.hbEndpoint, sub.channel);
    Object.assign(sub, { eventEndpoint: where.ev, hbEndpoint: where.hb, topic: where.topic, channel: where.channel, timedOutAt: undefined });
    this.receiver.resetCounter(sub.topic);
    this.receiver.addHeartbeat(sub.hbEndpoint, sub.channel);
    this.receiver.addTopic(sub.eventEndpoint, sub.topic, sub.handler);
    this.receiver.touch(sub.hbEndpoint, sub.channel);
    await this.receiver.joined(sub.eventEndpoint);
    const first = await this.initial(sub.proxy, sub.attribute, sub.type, 'initial');
    if (first && sub.active) this.deliver(sub.callback, first);
    this.emit('resubscribed', sub);
  }

  /** Sends `EventConfirmSubscription` to every admin device with live subscriptions (T-EVT-4). */
  async confirm(): Promise<void> {
    const byAdmin = new Map<string, { admin: DeviceProxy; triplets: string[] }>();
    for (const sub of this.subs.values()) {
      // A silent channel is re-subscribed first: confirming an event a restarted cppTango 9.3.4 server does not
      // know crashes it (observed here).
      if (!sub.active || sub.timedOutAt !== undefined) continue;
      const key = sub.admin.fullName;
      let entry = byAdmin.get(key);
      if (!entry) byAdmin.set(key, (entry = { admin: sub.admin, triplets: [] }));
      const name = sub.type === 'data_ready' ? sub.type : `idl5_${sub.type}`;
      entry.triplets.push(sub.device, sub.attribute.toLowerCase(), name);
    }
    await Promise.all(
      [...byAdmin.values()].map(async ({ admin, triplets }) => {
        try {
          await admin.command('EventConfirmSubscription', triplets);
          this.emit('confirm', admin.name, triplets);
        } catch (err) {
          this.log.debug({ err, admin: admin.name }, 'EventConfirmSubscription failed');
        }
      }),
    );
  }

  private async unsubscribe(id: number): Promise<void> {
    const sub = this.subs.get(id);
    if (!sub) return;
    sub.active = false;
    this.subs.delete(id);
    this.receiver.removeTopic(sub.eventEndpoint, sub.topic, sub.handler);
    if (![...this.subs.values()].some((s) => s.hbEndpoint === sub.hbEndpoint && s.channel === sub.channel)) this.receiver.removeHeartbeat(sub.hbEndpoint, sub.channel);
    await sub.admin.close();
  }

  private async subscribePolling(proxy: DeviceProxy, attribute: string, type: EventType, callback: EventCallback, periodMs: number): Promise<Subscription> {
    if (type === 'data_ready') throw new TangoValueError('data_ready events cannot be emulated by polling');
    const id = this.nextId++;
    let active = true;
    let last: string | undefined;
    let running: Promise<void> = Promise.resolve();
    const poll = async (source: 'initial' | 'polling'): Promise<void> => {
      const ev = await this.initial(proxy, attribute, type, source);
      if (!ev || !active) return;
      const fp = fingerprint(ev.reading ?? ev.config, ev.error);
      // change/archive/attr_conf: deliver on change only; periodic and user events: every period.
      const everyTime = type === 'periodic' || type === 'user_event';
      if (source === 'initial' || everyTime || fp !== last) this.deliver(callback, ev);
      last = fp;
    };
    await poll('initial');
    const timer = setInterval(() => {
      running = running.then(() => poll('polling'));
    }, periodMs);
    const stop = (): void => {
      active = false;
      clearInterval(timer);
    };
    this.pollers.add(stop);
    return {
      id,
      device: proxy.name,
      attribute,
      type,
      mode: 'polling',
      unsubscribe: async () => {
        stop();
        this.pollers.delete(stop);
        await running;
      },
    };
  }

  /** Ends every subscription and closes the ZMQ sockets. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.checkTimer);
    clearInterval(this.confirmTimer);
    for (const stop of this.pollers) stop();
    this.pollers.clear();
    await Promise.all([...this.subs.keys()].map((id) => this.unsubscribe(id)));
    await this.receiver.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Convenience: the `DevVarLongStringArray` argument of `AddObjPolling` for an attribute (T-EVT-5). */
export function addObjPollingArg(device: string, attribute: string, periodMs: number): { lvalue: number[]; svalue: string[] } {
  return { lvalue: [periodMs], svalue: [device, 'attribute', attribute] };
}

