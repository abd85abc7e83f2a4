import { ApiError } from '../api/api-error.js';
import { EventStream, type StreamStatus } from '../api/event-stream.js';
import type { OetApi } from '../api/oet-api.js';
import { Observable } from './observable.js';

/** One attribute change relayed from the telescope (`{base}/telescope/stream`). */
export interface TelescopeEvent {
  device: string;
  attr: string;
  value: unknown;
  time: number;
  initial?: boolean;
}

export interface SubarrayView {
  id: number;
  device: string;
  obsState: string;
  /** The obsStates this subarray went through while the page watched (bounded). */
  trail: string[];
}

interface Snapshot {
  telescope?: string;
  telescopeState?: string;
  subarrays?: Array<{ id: number; obsState?: { tm?: string } }>;
}

const MAX_TRAIL = 40;
const MAX_EVENTS = 50;

const SUBARRAY = /tm_subarray_node\/(\d+)$/;
const CENTRAL = /tm_central\/central_node$/;

/** The telescope as the OET server relays it: central node state, each subarray's obsState, last events. */
export class TelescopeStore extends Observable {
  telescope = '';
  telescopeState = 'UNKNOWN';
  subarrays = new Map<number, SubarrayView>();
  events: TelescopeEvent[] = [];
  status: StreamStatus = { kind: 'connecting' };
  error: ApiError | undefined;
  readonly #stream: EventStream;

  constructor(private readonly api: OetApi) {
    super();
    this.#stream = new EventStream({
      url: api.url('/telescope/stream'),
      headers: () => api.headers(),
      onMessage: (m) => this.#onMessage(m.data),
      onStatus: (s) => {
        this.status = s;
        if (s.kind === 'catching-up' || s.kind === 'connecting') void this.refresh();
        this.changed();
      },
    });
  }

  start(): void {
    this.#stream.start();
  }

  restart(): void {
    this.#stream.restart();
  }

  close(): void {
    this.#stream.close();
  }

  async refresh(): Promise<void> {
    try {
      const answer = await this.api.request<{ state: Snapshot }>('GET', '/telescope');
      const s = answer.state;
      // The stream starts with the current values, and is newer than this snapshot: fill gaps only.
      this.telescope = s.telescope ?? this.telescope;
      if (this.telescopeState === 'UNKNOWN') this.telescopeState = s.telescopeState ?? 'UNKNOWN';
      for (const sub of s.subarrays ?? []) {
        if (!this.subarrays.has(sub.id)) this.#setObsState(sub.id, `ska_${this.telescope}/tm_subarray_node/${sub.id}`, sub.obsState?.tm ?? 'UNKNOWN');
      }
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, String(err));
    }
    this.changed();
  }

  #setObsState(id: number, device: string, state: string): void {
    const known = this.subarrays.get(id);
    if (!known) {
      this.subarrays.set(id, { id, device, obsState: state, trail: [state] });
      return;
    }
    if (known.obsState === state) return;
    const trail = [...known.trail, state].slice(-MAX_TRAIL);
    this.subarrays.set(id, { ...known, obsState: state, trail });
  }

  #onMessage(raw: string): void {
    let e: TelescopeEvent;
    try {
      e = JSON.parse(raw) as TelescopeEvent;
    } catch {
      return;
    }
    if (typeof e.device !== 'string' || typeof e.attr !== 'string') return;
    if (!this.telescope) this.telescope = /^ska_(\w+)\//.exec(e.device)?.[1] ?? '';
    const sub = SUBARRAY.exec(e.device);
    if (sub && e.attr === 'obsState') this.#setObsState(Number(sub[1]), e.device, String(e.value));
    else if (CENTRAL.test(e.device) && e.attr === 'telescopeState') this.telescopeState = String(e.value);
    if (!e.initial) {
      this.events.push(e);
      if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    }
    this.changed();
  }
}
