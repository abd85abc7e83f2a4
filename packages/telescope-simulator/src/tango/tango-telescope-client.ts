import type { Logger } from '@observatory/core';
import { DevFailedError, EventSubscriber, TangoClient, TangoConnectionError, TangoTimeoutError, type AttributeReading, type DeviceProxy, type Subscription, type TangoEvent } from '@observatory/tango';
import { CommandNotAllowedError, InvalidArgumentError, SutUnavailableError } from '../errors.js';
import { telescopeNames, type TelescopeNames } from '../model/names.js';
import type { AttrEvent, AttrReading, CommandResult, DeviceAccess, ReadOptions, Telescope } from '../types.js';

export interface TangoTelescopeClientOptions {
  telescope: Telescope;
  /** Database (`host:port`); default TANGO_HOST. Ignored with `nodb`. */
  tangoHost?: string;
  /** Database-less devices served at `host:port` (names become `tango://host:port/<name>#dbase=no`). */
  nodb?: string;
  /** true: ZMQ change events; false: polling (OET's `read_via_pubsub`). */
  readViaPubsub: boolean;
  /** Polling period when `readViaPubsub` is false (default 50 ms). */
  pollIntervalMs?: number;
  /** Per-call timeout (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * SKA attribute names and values as skallop speaks them: `state` is Tango's `State`; DevEnum attributes
 * (`obsState`, `healthState`, `adminMode`) become their labels, learnt from each attribute's configuration.
 */
const TANGO_ATTR: Record<string, string> = { state: 'State', status: 'Status' };

interface SharedSubscription {
  subscription: Subscription;
  listeners: Set<(e: TangoEvent) => void>;
  /** The newest value the subscription delivered (events mode); undefined after an error event. */
  latest: { reading: AttributeReading } | undefined;
}

/**
 * The telescope's `DeviceAccess` over real Tango (`@observatory/tango`), with the HTTP client's interface and
 * values (SKA labels, `state` for Tango's State): commands with `command_inout`, reads with
 * `read_attributes`, subscriptions with ZMQ change events or, when `readViaPubsub` is false, polling.
 * Works against the Tango-served simulator and against real SKA devices alike (skallop and OET scripts use it).
 */
export class TangoTelescopeClient implements DeviceAccess {
  readonly telescope: Telescope;
  readonly names: TelescopeNames;
  readonly client: TangoClient;
  private readonly events: EventSubscriber;
  private readonly labels = new Map<string, Promise<readonly string[] | undefined>>();
  private readonly subscriptions = new Map<string, Promise<SharedSubscription>>();
  /** Resolved shared subscriptions, for answering reads without a round trip (events mode). */
  private readonly live = new Map<string, SharedSubscription>();
  private seq = 0;
  private closed = false;

  constructor(private readonly options: TangoTelescopeClientOptions) {
    this.telescope = options.telescope;
    this.names = telescopeNames(options.telescope);
    this.client = new TangoClient({ tangoHost: options.nodb ? undefined : options.tangoHost, timeoutMs: options.timeoutMs ?? 10_000, logger: options.logger });
    this.events = new EventSubscriber({ mode: options.readViaPubsub ? 'events' : 'polling', pollingPeriodMs: options.pollIntervalMs ?? 50, logger: options.logger });
  }

  get readMode(): 'pubsub' | 'polling' {
    return this.options.readViaPubsub ? 'pubsub' : 'polling';
  }

  /** The Tango name a client uses for an SKA device name. */
  url(device: string): string {
    return this.options.nodb ? `tango://${this.options.nodb}/${device}#dbase=no` : device;
  }

  private proxy(device: string): DeviceProxy {
    return this.client.device(this.url(device));
  }

  /** Resolves when accepted; `commandId` is the long-running command's id (`[[ResultCode], [command_id]]`). */
  async command(device: string, command: string, argin?: unknown): Promise<CommandResult> {
    const arg = argin === undefined ? undefined : typeof argin === 'string' ? argin : JSON.stringify(argin);
    try {
      const reply = (await this.proxy(device).command(command, arg)) as { lvalue?: ArrayLike<number>; svalue?: string[] } | undefined;
      return { commandId: reply?.svalue?.[0] ?? '', accepted: true };
    } catch (err) {
      throw mapError(err, device, command);
    }
  }

  /**
   * Reads the attribute; in events mode an attribute with a live subscription answers from its newest event
   * (no round trip), as the HTTP client does: events of one device server arrive in the order it pushed them.
   */
  async read(device: string, attr: string, options?: ReadOptions): Promise<AttrReading> {
    const cached = options?.fresh ? undefined : this.cached(device, attr);
    if (cached) return { value: await this.fromTango(device, attr, cached.value), seq: ++this.seq, time: cached.time.getTime() };
    let r: AttributeReading;
    try {
      r = await this.proxy(device).read(TANGO_ATTR[attr] ?? attr);
    } catch (err) {
      throw mapError(err, device, `read ${attr}`);
    }
    return { value: await this.fromTango(device, attr, r.value), seq: ++this.seq, time: r.time.getTime() };
  }

  async write(device: string, attr: string, value: unknown): Promise<void> {
    const labels = await this.enumLabels(device, attr);
    const wire = labels && typeof value === 'string' ? labels.indexOf(value) : value;
    if (labels && (typeof wire !== 'number' || wire < 0)) throw new InvalidArgumentError(`${attr} must be one of ${labels.join(', ')}`);
    try {
      await this.proxy(device).write(TANGO_ATTR[attr] ?? attr, wire as number);
    } catch (err) {
      throw mapError(err, device, `write ${attr}`);
    }
  }

  /**
   * Subscribes; the current value is delivered first (`initial`), before the promise resolves. One Tango
   * subscription per attribute is shared by every listener and kept until `close()`: dropping it would close
   * the ZMQ connection, and events published while a new one joins are lost (ZMQ's slow joiner). Events that
   * overtake the initial read are held back and dropped when older than it.
   */
  async subscribe(device: string, attr: string, listener: (e: AttrEvent) => void): Promise<() => Promise<void>> {
    const labels = await this.enumLabels(device, attr);
    const shared = await this.shared(device, attr);
    const toEvent = (reading: AttributeReading | undefined, error: Error | undefined, received: number, initial: boolean): AttrEvent => {
      const raw = reading?.value;
      const value = labels && typeof raw === 'number' ? (labels[raw] ?? raw) : ArrayBuffer.isView(raw) ? Array.from(raw as unknown as ArrayLike<unknown>) : raw;
      return { device, attr, value, time: reading?.time.getTime() ?? received, seq: ++this.seq, ...(initial ? { initial: true } : {}), ...(error ? { error: error.message } : {}) };
    };
    let initialTime: number | undefined;
    const early: TangoEvent[] = [];
    const onEvent = (e: TangoEvent): void => {
      if (initialTime === undefined) early.push(e);
      else listener(toEvent(e.reading, e.error, e.received.getTime(), false));
    };
    shared.listeners.add(onEvent);
    const cached = this.cached(device, attr);
    if (cached) {
      // The live subscription's newest value is the current one: no round trip per wait.
      initialTime = cached.time.getTime();
      listener(toEvent(cached, undefined, Date.now(), true));
      for (const held of early.splice(0)) listener(toEvent(held.reading, held.error, held.received.getTime(), false));
      return () => {
        shared.listeners.delete(onEvent);
        return Promise.resolve();
      };
    }
    try {
      const [first] = await this.proxy(device).readMany([TANGO_ATTR[attr] ?? attr]);
      if (!first) throw new SutUnavailableError(`${device}: no value for ${attr}`);
      const event = toEvent(first, first.error, Date.now(), true);
      initialTime = event.time;
      listener(event);
      for (const held of early.splice(0)) if ((held.reading?.time.getTime() ?? held.received.getTime()) > initialTime) listener(toEvent(held.reading, held.error, held.received.getTime(), false));
    } catch (err) {
      shared.listeners.delete(onEvent);
      throw mapError(err, device, `subscribe ${attr}`);
    }
    return () => {
      shared.listeners.delete(onEvent);
      return Promise.resolve();
    };
  }

  /** The newest reading of a live event subscription (events mode only: polling may be a period behind). */
  private cached(device: string, attr: string): AttributeReading | undefined {
    if (!this.options.readViaPubsub) return undefined;
    return this.live.get(`${device}\u0000${attr}`)?.latest?.reading;
  }

  /** The long-lived Tango subscription of one attribute (created on first use). */
  private shared(device: string, attr: string): Promise<SharedSubscription> {
    const key = `${device}\u0000${attr}`;
    let p = this.subscriptions.get(key);
    if (!p) {
      const listeners = new Set<(e: TangoEvent) => void>();
      let latest: SharedSubscription['latest'];
      let shared: SharedSubscription | undefined;
      p = this.events
        .subscribe(this.proxy(device), TANGO_ATTR[attr] ?? attr, 'change', (e) => {
          latest = e.reading && !e.error ? { reading: e.reading } : undefined;
          if (shared) shared.latest = latest;
          if (e.source === 'initial') return; // each listener gets its own initial value
          for (const l of [...listeners]) l(e);
        })
        .then((subscription) => {
          shared = { subscription, listeners, latest };
          this.live.set(key, shared);
          return shared;
        })
        .catch((err: unknown) => {
          this.subscriptions.delete(key);
          throw mapError(err, device, `subscribe ${attr}`);
        });
      this.subscriptions.set(key, p);
    }
    return p;
  }

  /**
   * Subscribes ahead of time (events mode), so the ZMQ connection and topics are in place before the first
   * wait; failures are ignored here and surface on use.
   */
  async prepare(targets: ReadonlyArray<{ device: string; attr: string }>): Promise<void> {
    if (!this.options.readViaPubsub) return;
    await Promise.all(targets.map((t) => this.shared(t.device, t.attr).catch(() => undefined)));
  }

  private enumLabels(device: string, attr: string): Promise<readonly string[] | undefined> {
    const key = `${device}\u0000${attr}`;
    let p = this.labels.get(key);
    if (!p) {
      p = (async () => {
        if (TANGO_ATTR[attr]) return undefined;
        const [config] = await this.proxy(device).attributeConfig([attr]);
        return config && config.data_type === 29 ? config.enum_labels : undefined;
      })().catch((err: unknown) => {
        this.labels.delete(key);
        throw mapError(err, device, `configuration of ${attr}`);
      });
      this.labels.set(key, p);
    }
    return p;
  }

  private async fromTango(device: string, attr: string, value: unknown): Promise<unknown> {
    const labels = await this.enumLabels(device, attr);
    if (labels && typeof value === 'number') return labels[value] ?? value;
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
    return value;
  }

  /** Subarray and dish counts as exported in the database (nodb: undefined, the defaults apply). */
  async discover(): Promise<{ subarrays?: number; dishes?: number }> {
    if (this.options.nodb) return {};
    try {
      const db = this.client.database();
      const t = this.telescope;
      const subarrays = (await db.getDeviceExportedList(`ska_${t}/tm_subarray_node/*`)).length;
      const dishes = t === 'mid' ? (await db.getDeviceExportedList('mid-dish/dish-manager/*')).length : 0;
      return { subarrays: subarrays || undefined, dishes: dishes || undefined };
    } catch (err) {
      throw mapError(err, 'sys/database/2', 'discover');
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.subscriptions.values()) await p.then((s) => s.subscription.unsubscribe()).catch(() => undefined);
    this.subscriptions.clear();
    this.live.clear();
    await this.events.close();
    await this.client.close();
  }
}

/** Connects a {@link TangoTelescopeClient}. */
export function createTangoTelescopeClient(options: TangoTelescopeClientOptions): TangoTelescopeClient {
  return new TangoTelescopeClient(options);
}

/** DevFailed reasons from the simulator (and Tango's own) as the typed errors skallop's callers expect. */
function mapError(err: unknown, device: string, what: string): unknown {
  if (err instanceof DevFailedError) {
    const first = err.errors[0];
    const reason = first?.reason ?? '';
    const desc = first?.desc ?? err.message;
    if (reason === 'TELSIM_COMMAND_NOT_ALLOWED' || reason === 'API_CommandNotAllowed') {
      return new CommandNotAllowedError(device, what, /in state (\S+)/.exec(desc)?.[1] ?? 'unknown', desc);
    }
    if (reason === 'TELSIM_INVALID_ARGUMENT' || reason === 'API_IncompatibleCmdArgumentType') return new InvalidArgumentError(desc, { cause: err });
    return err;
  }
  if (err instanceof TangoConnectionError || err instanceof TangoTimeoutError) {
    return new SutUnavailableError(`${device}: ${what} failed: ${err.message}`, { cause: err });
  }
  return err;
}
