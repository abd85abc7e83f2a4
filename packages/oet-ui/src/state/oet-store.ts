import { ApiError } from '../api/api-error.js';
import { EventStream, type StreamStatus } from '../api/event-stream.js';
import type { OetApi } from '../api/oet-api.js';
import { FINAL_STATES, type OetEvent, type ProcedureSummary } from '../api/types.js';
import { Observable } from './observable.js';

/** Events kept in the page (the oldest go first); the server keeps its own replay buffer. */
export const MAX_EVENTS = 5000;

/** The pid an event is about: `msg_src` for script and state-change events, `result.id` for lifecycle ones. */
export function eventPid(data: Record<string, unknown>): number | undefined {
  const result = data.result;
  if (result && typeof result === 'object' && typeof (result as { id?: unknown }).id === 'number') return (result as { id: number }).id;
  const src = data.msg_src;
  if (typeof src === 'string' && /^\d+$/.test(src)) return Number(src);
  return undefined;
}

/**
 * Everything the console knows about the OET: procedures (listed, then kept current from the stream),
 * the live event log, and the stream's status. After every (re)connect the list is fetched again, so a
 * server restart or missed events cannot leave a stale lane.
 */
export class OetStore extends Observable {
  procedures = new Map<number, ProcedureSummary>();
  events: OetEvent[] = [];
  /** Total events received (the log is bounded; this is not). */
  received = 0;
  status: StreamStatus = { kind: 'connecting' };
  /** The last failure of a REST call made for the lanes (401/403 included). */
  error: ApiError | undefined;
  readonly #stream: EventStream;
  readonly #pending = new Set<number>();

  constructor(readonly api: OetApi) {
    super();
    this.#stream = new EventStream({
      url: api.url('/stream'),
      headers: () => api.headers(),
      onMessage: (m) => this.#onMessage(m.id, m.data),
      onStatus: (s) => this.#onStatus(s),
    });
  }

  start(): void {
    this.#stream.start();
  }

  /** Reconnects at once (after a token change) and reloads the list. */
  restart(): void {
    this.#stream.restart();
  }

  close(): void {
    this.#stream.close();
  }

  async refresh(): Promise<void> {
    try {
      const list = await this.api.listProcedures();
      this.procedures = new Map(list.map((p) => [p.id, p]));
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof ApiError ? err : new ApiError(0, String(err));
    }
    this.changed();
  }

  /** A failed action run in the background (a start once READY); shown at the top of the page. */
  actionError: ApiError | string | undefined;

  clearActionError(): void {
    this.actionError = undefined;
    this.changed();
  }

  /**
   * Starts `id` with `kwargs` as soon as it is READY (the operator watches its lane meanwhile); a
   * procedure that ends before READY, or a refused start, becomes `actionError`.
   */
  startWhenReady(id: number, kwargs: Record<string, unknown>): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        const state = this.procedures.get(id)?.state;
        if (state === undefined || (state !== 'READY' && !FINAL_STATES.has(state))) return;
        unsubscribe();
        const done = (error?: ApiError | string) => {
          if (error !== undefined) {
            this.actionError = error;
            this.changed();
          }
          resolve();
        };
        if (state !== 'READY') return done(`Procedure #${id} ended ${state} before it was READY, so it was not started`);
        this.api
          .start(id, kwargs)
          .then((summary) => {
            this.put(summary);
            done();
          })
          .catch((err: unknown) => done(err instanceof ApiError ? err : String(err)));
      };
      const unsubscribe = this.subscribe(check);
      check();
    });
  }

  /** Puts a summary the console just got from a REST answer. */
  put(summary: ProcedureSummary): void {
    const known = this.procedures.get(summary.id);
    // a REST answer can be older than what the stream already delivered
    if (known && known.history.process_states.length > summary.history.process_states.length) return;
    this.procedures.set(summary.id, summary);
    this.changed();
  }

  #onStatus(status: StreamStatus): void {
    const wasLive = this.status.kind === 'live';
    this.status = status;
    if ((status.kind === 'live' && !wasLive) || status.kind === 'catching-up') void this.refresh();
    this.changed();
  }

  #onMessage(id: string | undefined, raw: string): void {
    let data: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return;
      data = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    const topic = typeof data.topic === 'string' ? data.topic : 'message';
    this.events.push({ id: Number(id ?? 0), topic, data, receivedAt: Date.now() });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.received++;
    this.#apply(topic, data);
    this.changed();
  }

  #apply(topic: string, data: Record<string, unknown>): void {
    const result = data.result;
    if (topic.startsWith('procedure.lifecycle.') && result && typeof result === 'object' && 'id' in result && 'history' in result) {
      this.procedures.set((result as ProcedureSummary).id, result as ProcedureSummary);
      return;
    }
    const pid = eventPid(data);
    if (pid === undefined) return;
    const known = this.procedures.get(pid);
    if (topic === 'procedure.lifecycle.statechange' && typeof data.new_state === 'string') {
      if (!known) return this.#fetch(pid);
      const states = [...known.history.process_states, [data.new_state, Date.now() / 1000] as [string, number]];
      this.procedures.set(pid, { ...known, state: data.new_state, history: { ...known.history, process_states: states } });
      // the server's own timestamps replace the browser's guess
      this.#fetch(pid);
    } else if (topic === 'procedure.lifecycle.stacktrace' && typeof data.stacktrace === 'string' && known) {
      this.procedures.set(pid, { ...known, history: { ...known.history, stacktrace: data.stacktrace } });
    }
  }

  #fetch(pid: number): void {
    if (this.#pending.has(pid)) return;
    this.#pending.add(pid);
    this.api
      .getProcedure(pid)
      .then((p) => this.put(p))
      .catch(() => undefined) // pruned or denied: the next list refresh settles it
      .finally(() => this.#pending.delete(pid));
  }
}
