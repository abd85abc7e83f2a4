import type pg from 'pg';
import type { Logger } from '@observatory/core';
import { migrate } from '../oda/postgres-connection.js';
import { retain, type HistoryStore, type LoadedHistory, type RecordKind, type Retention, type StoredRecord } from './history-store.js';

const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE IF NOT EXISTS oet_history (kind text NOT NULL, id integer NOT NULL, final boolean NOT NULL,
       finished_at double precision, data jsonb NOT NULL, PRIMARY KEY (kind, id))`,
    'CREATE TABLE IF NOT EXISTS oet_next_id (kind text PRIMARY KEY, next integer NOT NULL)',
  ],
];

/**
 * History in PostgreSQL (with `ODA_BACKEND_TYPE=postgres`): table `oet_history` (one row per procedure or
 * activity, upserted on each change) and `oet_next_id` (high-water marks, so ids never repeat). Saves run in
 * order on one queue; a failed save is logged and the next one carries the newer state anyway.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly description = 'postgres';
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly retention: Retention,
    private readonly log: Logger,
  ) {}

  async load(): Promise<LoadedHistory> {
    await migrate(this.pool, 'history', MIGRATIONS);
    const rows = await this.pool.query<{ kind: RecordKind; id: number; final: boolean; finished_at: number | null; data: Record<string, unknown> }>(
      'SELECT kind, id, final, finished_at, data FROM oet_history',
    );
    const ids = await this.pool.query<{ kind: RecordKind; next: number }>('SELECT kind, next FROM oet_next_id');
    const nextIds: Record<RecordKind, number> = { procedure: 1, activity: 1 };
    for (const row of ids.rows) if (row.kind in nextIds) nextIds[row.kind] = row.next;
    const byKind: Record<RecordKind, StoredRecord[]> = { procedure: [], activity: [] };
    for (const row of rows.rows) {
      if (!(row.kind in byKind)) continue;
      byKind[row.kind].push({ id: row.id, final: row.final, finishedAt: row.finished_at, data: row.data });
      nextIds[row.kind] = Math.max(nextIds[row.kind], row.id + 1);
    }
    const kept = { procedure: retain(byKind.procedure, this.retention.procedure), activity: retain(byKind.activity, this.retention.activity) };
    for (const kind of ['procedure', 'activity'] as const) {
      await this.pool.query('INSERT INTO oet_next_id (kind, next) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET next = GREATEST(oet_next_id.next, EXCLUDED.next)', [
        kind,
        nextIds[kind],
      ]);
      await this.pool.query('DELETE FROM oet_history WHERE kind = $1 AND NOT (id = ANY($2::int[]))', [kind, kept[kind].map((r) => r.id)]);
    }
    return { procedures: kept.procedure, activities: kept.activity, nextIds };
  }

  save(kind: RecordKind, record: StoredRecord): void {
    const json = JSON.stringify(record.data);
    this.queue = this.queue.then(async () => {
      try {
        await this.pool.query(
          `INSERT INTO oet_history (kind, id, final, finished_at, data) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (kind, id) DO UPDATE SET final = EXCLUDED.final, finished_at = EXCLUDED.finished_at, data = EXCLUDED.data`,
          [kind, record.id, record.final, record.finishedAt, json],
        );
        await this.pool.query(
          'INSERT INTO oet_next_id (kind, next) VALUES ($1, $2) ON CONFLICT (kind) DO UPDATE SET next = GREATEST(oet_next_id.next, EXCLUDED.next)',
          [kind, record.id + 1],
        );
      } catch (err) {
        this.log.error({ err, kind, id: record.id }, 'cannot save history to postgres');
      }
    });
  }

  /** Waits for pending saves; the pool belongs to whoever opened it. */
  close(): Promise<void> {
    return this.queue;
  }
}
