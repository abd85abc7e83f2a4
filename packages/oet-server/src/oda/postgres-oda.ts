import type pg from 'pg';
import type { Logger } from '@observatory/core';
import { OdaUnavailableError, SbdNotFoundError, SbiNotFoundError } from './oda-errors.js';
import type { NewSbInstance, Oda, SbDefinition, SbdListEntry, SbInstance } from './oda-types.js';
import { createPgPool, migrate, type PostgresSettings } from './postgres-connection.js';
import { checkOdaId, parseSbd } from './sbd-document.js';
import { sbiId } from './sbi-id.js';

const MIGRATIONS: string[][] = [
  [
    'CREATE TABLE IF NOT EXISTS tab_oda_sbd (sbd_id text PRIMARY KEY, version integer NOT NULL, info jsonb NOT NULL, last_modified_on timestamptz NOT NULL DEFAULT now())',
    'CREATE SEQUENCE IF NOT EXISTS tab_oda_sbi_seq',
    'CREATE TABLE IF NOT EXISTS tab_oda_sbi (sbi_id text PRIMARY KEY, sbd_id text NOT NULL, info jsonb NOT NULL, created_on timestamptz NOT NULL DEFAULT now())',
  ],
];

/** Runs a query; a connection or server failure becomes a 503 naming the database. */
async function query<R extends pg.QueryResultRow>(pool: pg.Pool, where: string, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
  try {
    return await pool.query<R>(sql, params);
  } catch (err) {
    throw new OdaUnavailableError(`postgres ${where}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The ODA in PostgreSQL (`ODA_BACKEND_TYPE=postgres`): tables `tab_oda_sbd` and `tab_oda_sbi` (JSON documents),
 * created by a migration when the ODA opens.
 */
export class PostgresOda implements Oda {
  readonly backend = 'postgres' as const;
  private closed: Promise<void> | undefined;

  private constructor(
    readonly pool: pg.Pool,
    private readonly where: string,
  ) {}

  /** Connects and migrates; fails with `OdaUnavailableError` when the database cannot be reached. */
  static async open(settings: PostgresSettings, log: Logger): Promise<PostgresOda> {
    const pool = createPgPool(settings, log);
    const where = `${settings.user}@${settings.host}:${settings.port}/${settings.database}`;
    try {
      await migrate(pool, 'oda', MIGRATIONS);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new OdaUnavailableError(`cannot prepare ${where}: ${(err as Error).message}`, { cause: err });
    }
    return new PostgresOda(pool, where);
  }

  async getSbd(sbdId: string): Promise<SbDefinition> {
    checkOdaId(sbdId);
    const res = await query<{ info: unknown }>(this.pool, this.where, 'SELECT info FROM tab_oda_sbd WHERE sbd_id = $1', [sbdId]);
    const row = res.rows[0];
    if (!row) throw new SbdNotFoundError(sbdId);
    return parseSbd(row.info, `${sbdId} (table tab_oda_sbd)`);
  }

  async listSbds(): Promise<SbdListEntry[]> {
    const res = await query<{ info: unknown }>(this.pool, this.where, 'SELECT info FROM tab_oda_sbd ORDER BY sbd_id', []);
    const out: SbdListEntry[] = [];
    for (const { info } of res.rows) {
      try {
        const sbd = parseSbd(info, 'tab_oda_sbd');
        out.push({ sbd_id: sbd.sbd_id, version: sbd.metadata.version, telescope: sbd.telescope, activities: Object.keys(sbd.activities) });
      } catch {
        // reported when asked for by id
      }
    }
    return out;
  }

  async putSbd(document: unknown): Promise<SbDefinition> {
    const sbd = parseSbd(document, 'in request');
    await query(
      this.pool,
      this.where,
      `INSERT INTO tab_oda_sbd (sbd_id, version, info) VALUES ($1, $2, $3)
       ON CONFLICT (sbd_id) DO UPDATE SET version = EXCLUDED.version, info = EXCLUDED.info, last_modified_on = now()`,
      [sbd.sbd_id, sbd.metadata.version, JSON.stringify(sbd.raw)],
    );
    return sbd;
  }

  async createSbi(sbi: NewSbInstance): Promise<SbInstance> {
    const seq = await query<{ n: string }>(this.pool, this.where, "SELECT nextval('tab_oda_sbi_seq')::text AS n", []);
    const created: SbInstance = { ...sbi, sbi_id: sbiId(new Date(), seq.rows[0]!.n.padStart(5, '0')) };
    await query(this.pool, this.where, 'INSERT INTO tab_oda_sbi (sbi_id, sbd_id, info) VALUES ($1, $2, $3)', [
      created.sbi_id,
      created.sbd_ref,
      JSON.stringify(created),
    ]);
    return created;
  }

  async getSbi(id: string): Promise<SbInstance> {
    checkOdaId(id);
    const res = await query<{ info: SbInstance }>(this.pool, this.where, 'SELECT info FROM tab_oda_sbi WHERE sbi_id = $1', [id]);
    const row = res.rows[0];
    if (!row) throw new SbiNotFoundError(id);
    return row.info;
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end().catch(() => undefined);
    return this.closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
