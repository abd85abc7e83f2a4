import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@observatory/core';
import type { EventBus } from '../events/event-bus.js';
import { writeAtomic } from '../oda/filesystem-oda.js';
import { SBI_INTERFACE, type Oda } from '../oda/oda-types.js';
import type { Procedure } from '../procedure/procedure.js';
import type { ProcedureManager } from '../procedure/procedure-manager.js';
import type { ProcedureState } from '../procedure/states.js';
import type { ScriptRoots } from '../sources/script-roots.js';
import { toCreateRequest, type GitDefaults } from '../sources/script-request.js';
import type { HistoryStore, StoredRecord } from '../store/history-store.js';
import { ActivityConflictError, ActivityNotFoundError, ActivityNotInSbdError, OdaNotConfiguredError } from './activity-errors.js';
import { mergeFunctionArgs, scriptBodyFor } from './activity-script.js';
import { Activity, isFinalActivityState, type ActivityState, type ActivitySummary } from './activity.js';

/** `POST {base}/activities/` after schema validation. */
export interface ActivityRequest {
  sbd_id: string;
  activity_name: string;
  script_args?: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> }>;
  prepare_only?: boolean;
  create_env?: boolean;
}

export interface ActivityServiceOptions {
  oda: Oda | undefined;
  manager: ProcedureManager;
  events: EventBus;
  roots: ScriptRoots;
  git: GitDefaults;
  /** Where `file://` paths relative in an SBD are looked up (the scripts location). */
  scriptsDir: string;
  /** `sb_json` files go to `<cacheDir>/sb`. */
  cacheDir: string;
  store: HistoryStore;
  /** Finished activities kept. */
  historyMax: number;
  log: Logger;
  now?: () => number;
}

const MSG_SRC = 'ActivityServiceWorker';
const PREPARING: ReadonlySet<ProcedureState> = new Set<ProcedureState>(['IDLE', 'PREP_ENV', 'LOADING', 'INITIALISING']);

/**
 * Activities as OET 7 runs them (load the SBD from the ODA, create an SBI, map the activity's script to a
 * procedure, start `main` once READY unless `prepare_only`), with a real state mirrored from the procedure and
 * the `sb.lifecycle.finished.*` events OET declares but never sends.
 */
export class ActivityService {
  private readonly activities = new Map<number, Activity>();
  private readonly byProcedure = new Map<number, Activity>();
  private nextId = 1;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: ActivityServiceOptions) {
    this.now = options.now ?? Date.now;
    this.unsubscribe = options.manager.onStateChange((proc) => {
      const activity = this.byProcedure.get(proc.id);
      if (!activity) return;
      const state = proc.state;
      // after the manager's own bookkeeping and events, so a start from here nests nothing
      queueMicrotask(() => this.follow(activity, proc, state));
    });
  }

  get oda(): Oda {
    if (!this.options.oda) throw new OdaNotConfiguredError();
    return this.options.oda;
  }

  list(): Activity[] {
    return [...this.activities.values()];
  }

  get(id: number): Activity {
    const activity = this.activities.get(id);
    if (!activity) throw new ActivityNotFoundError(id);
    return activity;
  }

  /** Re-adds stored activities; those not finished when the server died become UNKNOWN. */
  restore(records: StoredRecord[], nextId: number, restartNote: string): void {
    for (const record of records) {
      const s = record.data as unknown as ActivitySummary;
      const activity = new Activity(s.id, s.sbd_id, s.activity_name, s.prepare_only, s.script_args, s.sbi_id, s.created_by);
      activity.procedureId = s.procedure_id;
      activity.states.push(...s.activity_states);
      activity.state = s.state;
      activity.error = s.error;
      activity.finishedAt = record.finishedAt;
      activity.started = s.activity_states.some(([state]) => state === 'RUNNING');
      this.activities.set(activity.id, activity);
      if (!isFinalActivityState(activity.state)) {
        activity.error = restartNote;
        this.record(activity, 'UNKNOWN');
      }
    }
    this.nextId = Math.max(this.nextId, nextId);
  }

  async run(request: ActivityRequest, createdBy: string | undefined): Promise<Activity> {
    const oda = this.oda;
    const sbd = await oda.getSbd(request.sbd_id);
    const pdm = sbd.activities[request.activity_name];
    if (!pdm) throw new ActivityNotInSbdError(request.activity_name, sbd.sbd_id);
    const prepareOnly = request.prepare_only ?? false;
    const args = mergeFunctionArgs(pdm.function_args, request.script_args);
    const init = args.init ?? { args: [], kwargs: {} };
    // every check that can fail comes before the SBI is written, so a refused request leaves nothing behind
    const create = toCreateRequest(
      { script: scriptBodyFor(pdm, request.create_env ?? false, this.options.scriptsDir), script_args: { init } },
      this.options.roots,
      this.options.git,
    );
    if (!prepareOnly) this.checkSlot(init.kwargs.subarray_id, request);

    const executedAt = new Date(this.now()).toISOString();
    const sbi = await oda.createSbi({
      interface: SBI_INTERFACE,
      telescope: sbd.telescope,
      sbd_ref: sbd.sbd_id,
      sbd_version: sbd.metadata.version,
      activities: [
        {
          activity_ref: request.activity_name,
          executed_at: executedAt,
          runtime_args: Object.entries(request.script_args ?? {}).map(([fn, input]) => ({
            function_name: fn,
            function_args: { args: input.args ?? [], kwargs: input.kwargs ?? {} },
          })),
        },
      ],
      metadata: { version: 1, created_on: executedAt, created_by: createdBy ?? 'oet' },
    });
    const sbJson = await this.writeSbJson(sbi.sbi_id, sbd.raw);
    const main = { args: args.main?.args ?? [], kwargs: { ...(args.main?.kwargs ?? {}), sb_json: sbJson, sbi_id: sbi.sbi_id } };
    const scriptArgs = { ...args, init, main };

    const activity = new Activity(this.nextId++, sbd.sbd_id, request.activity_name, prepareOnly, scriptArgs, sbi.sbi_id, createdBy);
    this.activities.set(activity.id, activity);
    this.record(activity, 'TODO');
    const proc = this.options.manager.create({ ...create, defaultMain: main, createdBy });
    activity.procedureId = proc.id;
    this.byProcedure.set(proc.id, activity);
    this.save(activity);
    this.options.log.info({ aid: activity.id, pid: proc.id, sbd_id: sbd.sbd_id, sbi_id: sbi.sbi_id, activity: request.activity_name }, 'activity created');
    return activity;
  }

  close(): void {
    this.unsubscribe();
  }

  /** OET 7 lets a start fail silently after the 201; we refuse up front when the subarray is already busy. */
  private checkSlot(subarrayId: unknown, request: ActivityRequest): void {
    const key = typeof subarrayId === 'number' || typeof subarrayId === 'string' ? String(subarrayId) : undefined;
    const busy = this.options.manager.list().find((p) => p.state === 'RUNNING' && (key === undefined ? p.subarrayId === null : String(p.subarrayId) === key));
    if (busy) {
      const where = key === undefined ? 'the global slot (no subarray_id)' : `subarray ${key}`;
      throw new ActivityConflictError(`Cannot run activity '${request.activity_name}' of ${request.sbd_id}: PID #${busy.id} is RUNNING on ${where}`);
    }
  }

  private async writeSbJson(sbiId: string, document: Record<string, unknown>): Promise<string> {
    const dir = path.join(this.options.cacheDir, 'sb');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${sbiId}.json`);
    await writeAtomic(file, JSON.stringify(document, null, 2));
    return file;
  }

  private follow(activity: Activity, proc: Procedure, state: ProcedureState): void {
    if (isFinalActivityState(activity.state)) return;
    if (PREPARING.has(state)) {
      if (activity.state === 'TODO') this.record(activity, 'PREPARING');
    } else if (state === 'READY') {
      if (activity.state === 'TODO' || activity.state === 'PREPARING') {
        this.record(activity, 'READY');
        if (!activity.prepareOnly) this.startMain(activity, proc);
      }
    } else if (state === 'RUNNING') {
      this.record(activity, 'RUNNING');
      if (!activity.started) {
        activity.started = true;
        this.options.events.publish('sb.lifecycle.started', { msg_src: MSG_SRC, sbi_id: activity.sbiId });
      }
    } else if (state === 'COMPLETE' || state === 'FAILED' || state === 'STOPPED' || state === 'UNKNOWN') {
      this.record(activity, state);
      if (activity.started) {
        const outcome = state === 'COMPLETE' ? 'succeeded' : 'failed';
        this.options.events.publish(`sb.lifecycle.finished.${outcome}`, { msg_src: MSG_SRC, sbi_id: activity.sbiId, state });
      }
    }
  }

  /** `force_start`: main goes as soon as the procedure is READY; a refusal fails the activity, not silently. */
  private startMain(activity: Activity, proc: Procedure): void {
    try {
      this.options.manager.start(proc.id, proc.defaultMain ?? { args: [], kwargs: {} });
    } catch (err) {
      activity.error = (err as Error).message;
      this.options.log.warn({ err, aid: activity.id, pid: proc.id }, 'activity could not start its procedure');
      this.record(activity, 'FAILED');
    }
  }

  private record(activity: Activity, state: ActivityState): void {
    activity.state = state;
    const at = this.now();
    activity.states.push([state, at / 1000]);
    if (isFinalActivityState(state)) {
      activity.finishedAt = at;
      this.prune();
    }
    this.save(activity);
  }

  private save(activity: Activity): void {
    this.options.store.save('activity', {
      id: activity.id,
      final: isFinalActivityState(activity.state),
      finishedAt: activity.finishedAt,
      data: activity.summary('') as unknown as Record<string, unknown>,
    });
  }

  private prune(): void {
    const finished = this.list().filter((a) => isFinalActivityState(a.state));
    let excess = finished.length - this.options.historyMax;
    if (excess <= 0) return;
    finished.sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const a of finished) {
      if (excess-- <= 0) break;
      this.activities.delete(a.id);
      if (a.procedureId !== null) this.byProcedure.delete(a.procedureId);
    }
  }
}
