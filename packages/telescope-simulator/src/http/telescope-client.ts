import { HttpJsonClient, componentLogger, openEventStream, type Logger } from '@observatory/core';
import type { Dispatcher } from 'undici';
import { SimulatorClosedError, SutUnavailableError } from '../errors.js';
import { telescopeNames, type TelescopeNames } from '../model/names.js';
import type {
  ActiveFault,
  AttrEvent,
  AttrEventListener,
  AttrReading,
  CommandLogEntry,
  CommandResult,
  ReadOptions,
  Delays,
  FaultSpec,
  SimulatorState,
  Skews,
  Telescope,
  TelescopeAccess,
  Unsubscribe,
} from '../types.js';
import { errorFromHttp } from './error-mapping.js';

export interface TelescopeClientOptions {
  /** Base URL of a telescope-sim server, e.g. `http://127.0.0.1:5100`. */
  url: string;
  /**
   * true: reads and subscriptions use the SSE event stream. false (default, as OET's `read_via_pubsub`):
   * reads are GETs and subscriptions poll every `pollIntervalMs`, synthesising an event whenever the
   * attribute's `seq` advances.
   */
  readViaPubsub?: boolean;
  /** Poll period of subscriptions in polling mode; default 50 ms. */
  pollIntervalMs?: number;
  /** HTTP header timeout; default 10000 ms. */
  timeoutMs?: number;
  /** Share an undici dispatcher you own (otherwise the client owns one and closes it). */
  dispatcher?: Dispatcher;
  logger?: Logger;
}

interface Running {
  stop(): Promise<void>;
}

/**
 * Connects to a telescope-sim server: reads `/health` (so `telescope` and `names` are known) and returns
 * a client with the same {@link TelescopeAccess} interface as the in-process simulator.
 */
export async function createTelescopeClient(options: TelescopeClientOptions): Promise<TelescopeClient> {
  if (!options.url) throw new SutUnavailableError('no telescope simulator URL given (e.g. http://127.0.0.1:5100)');
  const http = new HttpJsonClient({ baseUrl: options.url, headersTimeoutMs: options.timeoutMs, bodyTimeoutMs: options.timeoutMs, dispatcher: options.dispatcher });
  try {
    const health = await http.get<{ telescope: Telescope }>('/health');
    if (health.telescope !== 'mid' && health.telescope !== 'low') throw new SutUnavailableError(`${options.url} is not a telescope simulator`);
    return new TelescopeClient(options, http, health.telescope);
  } catch (err) {
    await http.close();
    const mapped = errorFromHttp(err);
    throw mapped instanceof SutUnavailableError ? mapped : new SutUnavailableError(`cannot use ${options.url}: ${mapped.message}`, { cause: mapped });
  }
}

/** The HTTP+SSE client of a telescope-sim server. Create it with {@link createTelescopeClient}. */
export class TelescopeClient implements TelescopeAccess {
  readonly names: TelescopeNames;
  readonly readViaPubsub: boolean;
  readonly url: string;
  private readonly pollIntervalMs: number;
  private readonly log: Logger;
  private readonly running = new Set<Running>();
  /** Last reading of each attribute with a live SSE subscription (with a count of those subscriptions). */
  private readonly latest = new Map<string, { reading: AttrReading; users: number }>();
  private closing: Promise<void> | undefined;

  /** @internal use {@link createTelescopeClient} */
  constructor(
    options: TelescopeClientOptions,
    private readonly http: HttpJsonClient,
    readonly telescope: Telescope,
  ) {
    this.url = http.baseUrl;
    this.names = telescopeNames(telescope);
    this.readViaPubsub = options.readViaPubsub ?? false;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.log = componentLogger(options.logger, 'telsim-client');
  }

  command(device: string, command: string, argin?: unknown): Promise<CommandResult> {
    return this.call(() => this.http.post<CommandResult>('/api/v1/commands', argin === undefined ? { device, command } : { device, command, argin }));
  }

  async read(device: string, attr: string, options?: ReadOptions): Promise<AttrReading> {
    if (!this.readViaPubsub || options?.fresh) return this.get(device, attr);
    // Pub/sub mode: a live subscription already knows the value; otherwise it is a new subscription's first event.
    const cached = this.latest.get(keyOf(device, attr));
    if (cached) return { ...cached.reading };
    let first: AttrEvent | undefined;
    const unsubscribe = await this.subscribe(device, attr, (e) => (first ??= e));
    await unsubscribe();
    const { value, seq, time } = first!;
    return { value, seq, time };
  }

  write(device: string, attr: string, value: unknown): Promise<void> {
    return this.call(() => this.http.put<void>('/api/v1/attributes', { device, attr, value }));
  }

  subscribe(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe> {
    if (this.closing) return Promise.reject(new SimulatorClosedError('the telescope client'));
    return this.readViaPubsub ? this.subscribeSse(device, attr, listener) : this.subscribePoll(device, attr, listener);
  }

  /**
   * Every change event (or those of `subs`, as `device:attr`) from the SSE stream, initial values first.
   * Break out of the loop to stop.
   */
  async *events(subs?: string[], signal?: AbortSignal): AsyncGenerator<AttrEvent & { id: string }> {
    this.assertOpen();
    const query = (subs ?? []).map((s) => `sub=${encodeURIComponent(s)}`).join('&');
    const stream = openEventStream(`${this.url}/api/v1/events${query ? `?${query}` : ''}`, { dispatcher: this.http.dispatcher, signal, logger: this.log });
    try {
      for await (const e of stream) if (e.event === 'change') yield { ...(JSON.parse(e.data) as AttrEvent), id: e.id };
    } catch (err) {
      throw errorFromHttp(err);
    }
  }

  getState(): Promise<SimulatorState> {
    return this.call(() => this.http.get<SimulatorState>('/api/v1/state'));
  }

  async getCommandLog(): Promise<CommandLogEntry[]> {
    return (await this.call(() => this.http.get<{ entries: CommandLogEntry[] }>('/api/v1/control/command-log'))).entries;
  }

  reset(): Promise<void> {
    return this.call(() => this.http.post<void>('/api/v1/control/reset', {}));
  }

  async injectFault(spec: FaultSpec): Promise<string> {
    return (await this.call(() => this.http.post<{ id: string }>('/api/v1/control/faults', spec))).id;
  }

  clearFaults(id?: string): Promise<void> {
    return this.call(() => this.http.delete<void>(id === undefined ? '/api/v1/control/faults' : `/api/v1/control/faults/${encodeURIComponent(id)}`));
  }

  async listFaults(): Promise<ActiveFault[]> {
    return (await this.call(() => this.http.get<{ faults: ActiveFault[] }>('/api/v1/control/faults'))).faults;
  }

  setDelays(delays: Delays & { skews?: Skews }): Promise<void> {
    return this.call(() => this.http.put<void>('/api/v1/control/delays', delays));
  }

  forceReset(subarrayId: number): Promise<void> {
    return this.call(() => this.http.post<void>('/api/v1/control/force-reset', { subarrayId }));
  }

  /** Stops every subscription and closes the connection pool (if owned). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.running].map((r) => r.stop()));
      await this.http.close();
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private get(device: string, attr: string): Promise<AttrReading> {
    return this.call(async () => {
      const r = await this.http.get<AttrReading>('/api/v1/attributes', { query: { device, attr } });
      return { value: r.value, seq: r.seq, time: r.time };
    });
  }

  private async subscribeSse(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe> {
    const controller = new AbortController();
    const url = `${this.url}/api/v1/events?sub=${encodeURIComponent(`${device}:${attr}`)}`;
    // Reconnects resume from the last id (the server replays the gap); a server gone for good ends in an error event.
    const stream = openEventStream(url, { dispatcher: this.http.dispatcher, signal: controller.signal, logger: this.log, maxReconnects: 10 });
    let lastSeq = -1;
    let lastValue: unknown;
    let stopped = false;
    const key = keyOf(device, attr);
    let cacheEntry: { reading: AttrReading; users: number } | undefined;
    let resolveFirst!: () => void;
    let rejectFirst!: (err: Error) => void;
    const first = new Promise<void>((resolve, reject) => {
      resolveFirst = resolve;
      rejectFirst = reject;
    });
    const loop = (async () => {
      try {
        for await (const e of stream) {
          if (e.event !== 'change') continue;
          const event = JSON.parse(e.data) as AttrEvent;
          const isFirst = lastSeq < 0;
          if (!isFirst) {
            if (event.initial) {
              // A reconnect the server could not replay (e.g. it restarted): current values again. Resynchronise
              // on their seq and deliver only a value that differs from the last one delivered.
              lastSeq = event.seq;
              if (JSON.stringify(event.value) === JSON.stringify(lastValue)) continue;
            } else if (event.seq <= lastSeq) {
              continue; // already delivered (replayed after a reconnect)
            }
          }
          lastSeq = event.seq;
          lastValue = event.value;
          if (stopped) return;
          const reading = { value: event.value, seq: event.seq, time: event.time };
          if (isFirst) {
            cacheEntry = this.latest.get(key) ?? { reading, users: 0 };
            cacheEntry.users += 1;
            this.latest.set(key, cacheEntry);
          }
          if (cacheEntry && reading.seq >= cacheEntry.reading.seq) cacheEntry.reading = reading;
          const out: AttrEvent = { device: event.device, attr: event.attr, ...reading };
          if (isFirst) out.initial = true;
          safeCall(listener, out, this.log);
          if (isFirst) resolveFirst();
        }
        if (lastSeq < 0) rejectFirst(new SutUnavailableError(`event stream ${url} ended before its first event`));
      } catch (err) {
        if (controller.signal.aborted) return;
        const mapped = errorFromHttp(err);
        if (lastSeq < 0) rejectFirst(mapped);
        else safeCall(listener, { device, attr, value: lastValue, seq: lastSeq, time: Date.now(), error: mapped.message }, this.log);
      }
    })();
    const running: Running = {
      // Unsubscribing is immediate (nothing is delivered afterwards); close() waits for the stream to end.
      stop: () => {
        if (!stopped) {
          stopped = true;
          controller.abort();
          if (cacheEntry && --cacheEntry.users === 0) this.latest.delete(key);
        }
        return loop.finally(() => this.running.delete(running));
      },
    };
    this.running.add(running);
    try {
      await first;
    } catch (err) {
      await running.stop();
      throw err;
    }
    return () => {
      void running.stop();
      return Promise.resolve();
    };
  }

  private async subscribePoll(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe> {
    const initial = await this.get(device, attr);
    safeCall(listener, { device, attr, ...initial, initial: true }, this.log);
    let last = initial;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> = Promise.resolve();
    let failing = false;
    const poll = async () => {
      try {
        const r = await this.get(device, attr);
        failing = false;
        // Any seq change is a change (a restarted server counts from 0 again).
        if (!stopped && r.seq !== last.seq) {
          last = r;
          safeCall(listener, { device, attr, ...r }, this.log);
        }
      } catch (err) {
        if (!stopped && !failing) {
          failing = true; // report a failure once, not on every poll
          safeCall(listener, { device, attr, ...last, error: err instanceof Error ? err.message : String(err) }, this.log);
        }
      }
    };
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        inFlight = poll().then(schedule);
      }, this.pollIntervalMs);
    };
    schedule();
    const running: Running = {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await inFlight;
        this.running.delete(running);
      },
    };
    this.running.add(running);
    return () => running.stop();
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await fn();
    } catch (err) {
      throw errorFromHttp(err);
    }
  }

  private assertOpen(): void {
    if (this.closing) throw new SimulatorClosedError('the telescope client');
  }
}

function keyOf(device: string, attr: string): string {
  return `${device}\u0000${attr}`;
}

function safeCall(listener: AttrEventListener, event: AttrEvent, log: Logger): void {
  try {
    listener(event);
  } catch (err) {
    log.error({ err }, 'event listener threw');
  }
}
