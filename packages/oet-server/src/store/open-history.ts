import type { Logger } from '@observatory/core';
import { ActivityService } from '../activities/activity-service.js';
import type { EventBus } from '../events/event-bus.js';
import { openOda, type OdaOptions } from '../oda/open-oda.js';
import type { Oda } from '../oda/oda-types.js';
import { PostgresOda } from '../oda/postgres-oda.js';
import type { ProcedureManager } from '../procedure/procedure-manager.js';
import type { ScriptRoots } from '../sources/script-roots.js';
import type { GitDefaults } from '../sources/script-request.js';
import { MemoryHistoryStore, type HistoryStore } from './history-store.js';
import { JsonlHistoryStore } from './jsonl-history-store.js';
import { PostgresHistoryStore } from './postgres-history-store.js';
import { procedureRecord, restoreProcedure } from './procedure-records.js';

/** Where procedures and activities are kept: memory only, a JSON-lines file, or the postgres ODA's database. */
export type HistoryOptions = { kind: 'memory' } | { kind: 'file'; file: string } | { kind: 'postgres' };

export interface DurableStateOptions {
  oda: OdaOptions | undefined;
  history: HistoryOptions;
  historyMax: number;
  activityHistoryMax: number;
  manager: ProcedureManager;
  events: EventBus;
  roots: ScriptRoots;
  git: GitDefaults;
  scriptsDir: string;
  cacheDir: string;
  log: Logger;
  now?: () => number;
}

export interface DurableState {
  activities: ActivityService;
  store: HistoryStore;
  oda: Oda | undefined;
  /** Stops following changes, flushes the store, closes the ODA. */
  close(): Promise<void>;
}

export const RESTART_NOTE = 'The OET server stopped while this was live (it was restarted); its outcome is unknown';

/**
 * Opens the ODA and the history store, reads back what the last server kept (live ones become UNKNOWN, ids
 * continue above every id ever used), and saves every later change. Call before the server serves requests.
 */
export async function openDurableState(options: DurableStateOptions): Promise<DurableState> {
  const now = options.now ?? Date.now;
  const log = options.log;
  const oda = options.oda ? await openOda(options.oda, log) : undefined;
  let store: HistoryStore;
  const retention = { procedure: options.historyMax, activity: options.activityHistoryMax };
  try {
    if (options.history.kind === 'file') store = new JsonlHistoryStore(options.history.file, retention, log);
    else if (options.history.kind === 'postgres') {
      if (!(oda instanceof PostgresOda)) throw new TypeError('history in postgres needs the postgres ODA backend');
      store = new PostgresHistoryStore(oda.pool, retention, log);
    } else store = new MemoryHistoryStore();
  } catch (err) {
    await oda?.close();
    throw err;
  }
  let loaded;
  try {
    loaded = await store.load();
  } catch (err) {
    await store.close().catch(() => undefined);
    await oda?.close();
    throw err;
  }
  const at = now();
  const procedures = loaded.procedures.map((record) => {
    const { proc, changed } = restoreProcedure(record, at, RESTART_NOTE);
    if (changed) store.save('procedure', procedureRecord(proc));
    return proc;
  });
  options.manager.restore(procedures, loaded.nextIds.procedure);
  const unfollow = options.manager.onStateChange((proc) => store.save('procedure', procedureRecord(proc)));
  const activities = new ActivityService({
    oda,
    manager: options.manager,
    events: options.events,
    roots: options.roots,
    git: options.git,
    scriptsDir: options.scriptsDir,
    cacheDir: options.cacheDir,
    store,
    historyMax: options.activityHistoryMax,
    log: log.child({ component: 'activities' }),
    now,
  });
  activities.restore(loaded.activities, loaded.nextIds.activity, RESTART_NOTE);
  if (loaded.procedures.length + loaded.activities.length > 0) {
    log.info({ store: store.description, procedures: procedures.length, activities: loaded.activities.length }, 'history restored');
  }
  let closed: Promise<void> | undefined;
  return {
    activities,
    store,
    oda,
    close() {
      closed ??= (async () => {
        unfollow();
        activities.close();
        await store.close();
        await oda?.close();
      })();
      return closed;
    },
  };
}
