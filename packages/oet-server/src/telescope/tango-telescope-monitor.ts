import { ReplayBuffer, componentLogger, type Logger } from '@observatory/core';
import { EventSubscriber, TangoClient, type Subscription, type TangoEvent } from '@observatory/tango';

/** Where the TMC devices the console shows live on Tango. */
export interface TangoTelescopeOptions {
  /** The Tango database, `host:port` (the `TANGO_HOST` the scripts use). */
  tangoHost: string;
  /** The TMC central node (default `ska_mid/tm_central/central_node`). */
  centralNode?: string;
  /** The TM subarray nodes; default: those exported in the database as `<domain>/tm_subarray_node/*`. */
  subarrayNodes?: string[];
  /** ZMQ change events (OET's `read_via_pubsub`), else polling every `pollIntervalMs` (default 200). */
  readViaPubsub: boolean;
  pollIntervalMs?: number;
  /** Events kept for `Last-Event-ID` resumption (default 1000). */
  replayCapacity?: number;
  /** Per-call timeout (default 3000 ms). */
  timeoutMs?: number;
  logger?: Logger;
}

/** What a user configures (`--tango-host`, `--tango-central-node`, `--tango-subarray-node`); the read mode comes from the flags. */
export type TelescopeTangoConfig = Pick<TangoTelescopeOptions, 'tangoHost' | 'centralNode' | 'subarrayNodes'>;

/** One attribute change, in the shape the console reads from the simulator relay. */
export interface TelescopeAttrEvent {
  device: string;
  attr: string;
  value: unknown;
  time: number;
  initial?: boolean;
  error?: string;
}

/** The console's snapshot (the subset of the simulator's `/api/v1/state` it reads). */
export interface TelescopeSnapshot {
  source: 'tango';
  tangoHost: string;
  telescope: string;
  telescopeState: string;
  centralNode: string;
  subarrays: Array<{ id: number; device: string; obsState: { tm: string } }>;
}

const SUBARRAY_ID = /\/(\d+)$/;
const DEFAULT_CENTRAL_NODE = 'ska_mid/tm_central/central_node';
const RETRY_MS = 2000;
/** Attribute values are short enum labels and state names; anything longer is cut, so the ring stays bounded in bytes. */
const MAX_VALUE_CHARS = 256;

/**
 * Watches the TMC on Tango for the console: the central node's `telescopeState` and each subarray node's
 * `obsState` (DevEnum, shown by label), by change events or polling. Keeps the current values and a bounded
 * ring of changes. Tango being down at start is not fatal: it retries until `close()`.
 */
export class TangoTelescopeMonitor {
  readonly centralNode: string;
  readonly events: ReplayBuffer<TelescopeAttrEvent>;
  private readonly client: TangoClient;
  private readonly subscriber: EventSubscriber;
  private readonly values = new Map<string, TelescopeAttrEvent>();
  private readonly subscriptions: Subscription[] = [];
  private subarrayNodes: string[] = [];
  private readonly log: Logger;
  private connected = false;
  private lastError: string | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: TangoTelescopeOptions) {
    this.centralNode = options.centralNode ?? DEFAULT_CENTRAL_NODE;
    this.events = new ReplayBuffer(options.replayCapacity ?? 1000);
    this.log = componentLogger(options.logger, 'telescope-tango');
    const timeoutMs = options.timeoutMs ?? 3000;
    this.client = new TangoClient({ tangoHost: options.tangoHost, timeoutMs, logger: options.logger });
    this.subscriber = new EventSubscriber({ mode: options.readViaPubsub ? 'events' : 'polling', pollingPeriodMs: options.pollIntervalMs ?? 200, logger: options.logger });
  }

  get url(): string {
    return `tango://${this.options.tangoHost}`;
  }

  /** The telescope type from the central node's domain (`ska_mid` → `mid`). */
  get telescope(): string {
    return /^ska_(\w+)\//i.exec(this.centralNode)?.[1]?.toLowerCase() ?? '';
  }

  /** Subscribes (retrying in the background while Tango does not answer); resolves after the first attempt. */
  start(): Promise<void> {
    this.connecting ??= this.connect();
    return this.connecting;
  }

  /** The current values, or undefined while Tango has not answered yet (`reason` says why). */
  snapshot(): { snapshot?: TelescopeSnapshot; reason?: string } {
    if (!this.connected) return { reason: this.lastError ?? 'not connected yet' };
    const value = (device: string, attr: string): string => {
      const v = this.values.get(key(device, attr))?.value;
      return typeof v === 'string' ? v : v === undefined || v === null ? 'UNKNOWN' : JSON.stringify(v);
    };
    return {
      snapshot: {
        source: 'tango',
        tangoHost: this.options.tangoHost,
        telescope: this.telescope,
        telescopeState: value(this.centralNode, 'telescopeState'),
        centralNode: this.centralNode,
        subarrays: this.subarrayNodes.map((device) => ({ id: subarrayId(device), device, obsState: { tm: value(device, 'obsState') } })),
      },
    };
  }

  /** The current value of every watched attribute, as initial events. */
  current(): TelescopeAttrEvent[] {
    return [...this.values.values()].map((e) => ({ ...e, initial: true }));
  }

  private async connect(): Promise<void> {
    try {
      const nodes = this.options.subarrayNodes ?? (await this.discover());
      const watched: Array<[string, string]> = [[this.centralNode, 'telescopeState'], ...nodes.map((d): [string, string] => [d, 'obsState'])];
      await Promise.all(watched.map(([device, attr]) => this.watch(device, attr)));
      if (this.closed) return;
      this.subarrayNodes = nodes;
      this.connected = true;
      this.lastError = undefined;
      this.log.info({ tangoHost: this.options.tangoHost, centralNode: this.centralNode, subarrayNodes: nodes }, 'watching the telescope on Tango');
    } catch (err) {
      for (const s of this.subscriptions.splice(0)) await s.unsubscribe().catch(() => undefined);
      this.values.clear();
      this.lastError = err instanceof Error ? err.message : String(err);
      if (this.closed) return;
      this.log.warn({ err, retryMs: RETRY_MS }, 'telescope not reachable on Tango; retrying');
      this.retry = setTimeout(() => {
        this.connecting = this.connect();
      }, RETRY_MS);
      this.retry.unref();
    }
  }

  private async discover(): Promise<string[]> {
    const domain = this.centralNode.split('/')[0] ?? 'ska_mid';
    const found = await this.client.database().getDeviceExportedList(`${domain}/tm_subarray_node/*`);
    return [...found].sort((a, b) => subarrayId(a) - subarrayId(b));
  }

  private async watch(device: string, attr: string): Promise<void> {
    const proxy = this.client.device(device);
    let labels: readonly string[] | undefined;
    if (attr === 'obsState') {
      const [config] = await proxy.attributeConfig([attr]);
      labels = config?.data_type === 29 ? config.enum_labels : undefined;
    }
    const subscription = await this.subscriber.subscribe(proxy, attr, 'change', (e) => this.onEvent(device, attr, labels, e));
    if (this.closed) await subscription.unsubscribe();
    else this.subscriptions.push(subscription);
  }

  private onEvent(device: string, attr: string, labels: readonly string[] | undefined, e: TangoEvent): void {
    if (this.closed) return;
    const time = e.reading?.time.getTime() ?? e.received.getTime();
    if (e.error || !e.reading) {
      const message = e.error?.message ?? 'no value';
      this.events.push({ device, attr, value: null, time, error: message.slice(0, MAX_VALUE_CHARS) });
      return;
    }
    const raw = e.reading.value;
    const value = labels && typeof raw === 'number' ? (labels[raw] ?? raw) : typeof raw === 'string' ? raw.slice(0, MAX_VALUE_CHARS) : raw;
    const k = key(device, attr);
    const previous = this.values.get(k);
    const event: TelescopeAttrEvent = { device, attr, value, time };
    this.values.set(k, event);
    // A subscription's first delivery (also after a re-subscription) is the current value, and a poll may repeat
    // one: only a different value is a change.
    if (previous === undefined || previous.value === value) return;
    this.events.push(event);
  }

  /** Unsubscribes and closes the Tango connections. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      clearTimeout(this.retry);
      await this.connecting?.catch(() => undefined);
      for (const s of this.subscriptions.splice(0)) await s.unsubscribe().catch(() => undefined);
      await this.subscriber.close();
      await this.client.close();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

function key(device: string, attr: string): string {
  return `${device}\u0000${attr}`;
}

function subarrayId(device: string): number {
  return Number(SUBARRAY_ID.exec(device)?.[1] ?? 0);
}
