import { Subscriber } from 'zeromq';
import { componentLogger, type Logger } from '@observatory/core';
import { decodeEventByteOrder, decodeEventPayload, decodeZmqCallInfo, payloadKindFor, type EventPayload } from '../idl/events.js';
import { TangoError } from '../errors/tango-errors.js';

/** What the receiver hands to a topic handler for each data message. */
export interface ReceivedEvent {
  topic: string;
  ctr: number;
  payload: EventPayload;
  /** Events lost before this one (counter gap ≥ 2 → gap - 1). */
  missed: number;
}

export type TopicHandler = (event: ReceivedEvent) => void;

interface SocketEntry {
  socket: Subscriber;
  loop: Promise<void>;
  topics: Map<string, Set<TopicHandler>>;
  /** Heartbeat channels (prefix without `.heartbeat`) → last heartbeat time. */
  channels: Map<string, number>;
  /** Pending close of an idle socket (no topics and no channels left). */
  idleTimer?: NodeJS.Timeout;
  /** The connection to the publisher is up: ZMTP handshake done, no disconnect since. */
  live: boolean;
  /** Called with true at the next handshake, false when the socket closes first. */
  waiters: Array<(joined: boolean) => void>;
}

/** How long `joined()` waits for a publisher by default. */
const JOIN_TIMEOUT_MS = 2000;

/** Bounds a message we decode (a spectrum/image event can be large but not unbounded). */
const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * ZeroMQ SUB sockets shared per endpoint (T-EVT-1): routes event messages to topic handlers with
 * counter checks (duplicate first event dropped, gaps reported), and records heartbeats per channel.
 */
export class ZmqEventReceiver {
  private readonly sockets = new Map<string, SocketEntry>();
  private readonly lastCtr = new Map<string, number>();
  private readonly log: Logger;
  private closed = false;
  /** Undecodable messages seen (for diagnostics and tests). */
  decodeErrors = 0;
  /** SUB sockets created so far (diagnostics, and tests proving a socket was reused). */
  socketsOpened = 0;

  constructor(
    options: {
      logger?: Logger;
      receiveHighWaterMark?: number;
      now?: () => number;
      /**
       * How long an endpoint's socket stays open after its last topic and channel go (default 30 s; 0 closes at
       * once). A subscription within this time reuses the connected socket instead of reconnecting, so events
       * published right after it are not lost to the ZeroMQ slow-joiner window.
       */
      idleSocketMs?: number;
    } = {},
    private readonly hwm = options.receiveHighWaterMark ?? 1000,
    private readonly now = options.now ?? Date.now,
    private readonly idleSocketMs = options.idleSocketMs ?? 30_000,
  ) {
    this.log = componentLogger(options.logger, 'tango-zmq-receiver');
  }

  private entry(endpoint: string): SocketEntry {
    let e = this.sockets.get(endpoint);
    if (e) {
      clearTimeout(e.idleTimer);
      e.idleTimer = undefined;
      return e;
    }
    const socket = new Subscriber({ receiveHighWaterMark: this.hwm, linger: 0 });
    const entry: SocketEntry = { socket, topics: new Map(), channels: new Map(), loop: Promise.resolve(), live: false, waiters: [] };
    // Topic subscriptions reach the publisher only after the ZMTP handshake: what it publishes before then is
    // lost to this socket (ZeroMQ's slow joiner). Watched so that `joined()` can wait for it.
    socket.events.on('handshake', () => {
      entry.live = true;
      for (const wake of entry.waiters.splice(0)) wake(true);
    });
    socket.events.on('disconnect', () => {
      entry.live = false;
    });
    socket.connect(endpoint);
    entry.loop = this.run(entry);
    this.sockets.set(endpoint, entry);
    this.socketsOpened++;
    e = entry;
    return e;
  }

  private async run(entry: SocketEntry): Promise<void> {
    try {
      for await (const frames of entry.socket) this.onMessage(entry, frames);
    } catch (err) {
      if (!this.closed) this.log.debug({ err }, 'event socket loop ended');
    }
  }

  private onMessage(entry: SocketEntry, frames: Buffer[]): void {
    // cppTango's `I like beer` filler and anything else single-framed is housekeeping: ignore it.
    if (frames.length < 3) return;
    const topic = frames[0]!.toString('latin1');
    try {
      const little = decodeEventByteOrder(frames[1]);
      if (topic.endsWith('.heartbeat')) {
        const channel = [...entry.channels.keys()].find((c) => topic.startsWith(c));
        if (channel !== undefined) entry.channels.set(channel, this.now());
        return;
      }
      const handlers = entry.topics.get(topic);
      if (!handlers?.size || frames.length < 4) return;
      if (frames[3]!.length > MAX_EVENT_BYTES) throw new TangoError('TANGO_DECODE', 'event data frame too large');
      const info = decodeZmqCallInfo(frames[2]!, little);
      const event = topic.slice(topic.lastIndexOf('.') + 1);
      const payload = decodeEventPayload(frames[3]!, little, payloadKindFor(event, info.call_is_except));
      const last = this.lastCtr.get(topic);
      // libzmq sends the first event after a server start twice: same counter → drop once.
      if (last !== undefined && info.ctr === last) return;
      const missed = last !== undefined && info.ctr > last + 1 ? info.ctr - last - 1 : 0;
      this.lastCtr.set(topic, info.ctr);
      for (const h of handlers) h({ topic, ctr: info.ctr, payload, missed });
    } catch (err) {
      this.decodeErrors++;
      this.log.warn({ err, topic }, 'undecodable event message dropped');
    }
  }

  /** Subscribes `handler` to an event topic on the event endpoint. */
  addTopic(endpoint: string, topic: string, handler: TopicHandler): void {
    const e = this.entry(endpoint);
    let set = e.topics.get(topic);
    if (!set) {
      set = new Set();
      e.topics.set(topic, set);
      e.socket.subscribe(topic);
    }
    set.add(handler);
  }

  removeTopic(endpoint: string, topic: string, handler: TopicHandler): void {
    const e = this.sockets.get(endpoint);
    const set = e?.topics.get(topic);
    if (!e || !set) return;
    set.delete(handler);
    if (!set.size) {
      e.topics.delete(topic);
      e.socket.unsubscribe(topic);
      this.lastCtr.delete(topic);
    }
    void this.dropIfUnused(endpoint, e);
  }

  /**
   * Resolves true once the socket of `endpoint` is connected to its publisher (at once when it is), false after
   * `timeoutMs` or when the socket closes first. A subscriber that waits for it before reading the current value
   * cannot miss a change published right after its subscription.
   */
  joined(endpoint: string, timeoutMs = JOIN_TIMEOUT_MS): Promise<boolean> {
    const e = this.sockets.get(endpoint);
    if (!e) return Promise.resolve(false);
    if (e.live) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const wake = (joined: boolean): void => {
        clearTimeout(timer);
        resolve(joined);
      };
      const timer = setTimeout(() => {
        const i = e.waiters.indexOf(wake);
        if (i >= 0) e.waiters.splice(i, 1);
        resolve(false);
      }, timeoutMs);
      e.waiters.push(wake);
    });
  }

  /** Forgets the counter of a topic (after a re-subscription the server restarts counting). */
  resetCounter(topic: string): void {
    this.lastCtr.delete(topic);
  }

  /**
   * Watches heartbeats of a server channel on its heartbeat endpoint. Subscribes to the bare channel prefix,
   * so both `<channel>.heartbeat` and cppTango 9.3.4's nodb `<channel>#dbase=no.heartbeat` match (T-EVT-2).
   */
  addHeartbeat(endpoint: string, channel: string): void {
    const e = this.entry(endpoint);
    if (!e.channels.has(channel)) {
      e.channels.set(channel, this.now());
      e.socket.subscribe(channel);
    }
  }

  removeHeartbeat(endpoint: string, channel: string): void {
    const e = this.sockets.get(endpoint);
    if (!e?.channels.has(channel)) return;
    e.channels.delete(channel);
    e.socket.unsubscribe(channel);
    void this.dropIfUnused(endpoint, e);
  }

  /** Time of the last heartbeat of a channel (or of `addHeartbeat`), undefined when not watched. */
  lastHeartbeat(endpoint: string, channel: string): number | undefined {
    return this.sockets.get(endpoint)?.channels.get(channel);
  }

  /** Marks a channel alive now (after a successful re-subscription). */
  touch(endpoint: string, channel: string): void {
    const e = this.sockets.get(endpoint);
    if (e?.channels.has(channel)) e.channels.set(channel, this.now());
  }

  /** Number of endpoint sockets open now (including idle ones within their grace period). */
  get openSockets(): number {
    return this.sockets.size;
  }

  private async dropIfUnused(endpoint: string, e: SocketEntry): Promise<void> {
    if (e.topics.size || e.channels.size || e.idleTimer) return;
    if (this.idleSocketMs <= 0) return this.closeSocket(endpoint, e);
    // Unref'd: an idle socket must not keep the process alive; `close()` clears the timer.
    e.idleTimer = setTimeout(() => {
      e.idleTimer = undefined;
      if (!e.topics.size && !e.channels.size) void this.closeSocket(endpoint, e);
    }, this.idleSocketMs);
    e.idleTimer.unref();
  }

  private async closeSocket(endpoint: string, e: SocketEntry): Promise<void> {
    if (this.sockets.get(endpoint) !== e) return;
    this.sockets.delete(endpoint);
    for (const wake of e.waiters.splice(0)) wake(false);
    e.socket.close();
    await e.loop;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.sockets.values()];
    this.sockets.clear();
    for (const e of all) {
      clearTimeout(e.idleTimer);
      for (const wake of e.waiters.splice(0)) wake(false);
      e.socket.close();
    }
    await Promise.all(all.map((e) => e.loop));
  }
}
