import pg from 'pg';
import type { Logger } from '@observatory/core';

/** Connection settings, under OET's environment names (`POSTGRES_HOST`, `POSTGRES_PORT`, `POSTGRES_DB_NAME`, `POSTGRES_USER`, `POSTGRES_PASSWORD`). */
export interface PostgresSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

/** A small pool; idle-client errors (the server went away) are logged, never thrown into the process. */
export function createPgPool(settings: PostgresSettings, log: Logger): pg.Pool {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    max: 4,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10_000,
    statement_timeout: 10_000,
  });
  pool.on('error', (err) => log.warn({ err }, 'postgres connection lost'));
  return pool;
}

/**
 * Applies `steps` (each a list of statements) once, in order, recorded in `oet_schema_migrations` under `name`.
 * An advisory lock serialises servers migrating the same database at once.
 */
export async function migrate(pool: pg.Pool, name: string, steps: string[][]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`oet-migrate-${name}`]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS oet_schema_migrations (name text NOT NULL, step integer NOT NULL, applied_on timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, step))',
    );
    const done = await client.query<{ step: number }>('SELECT step FROM oet_schema_migrations WHERE name = $1', [name]);
    const applied = new Set(done.rows.map((r) => r.step));
    for (const [index, statements] of steps.entries()) {
      if (applied.has(index + 1)) continue;
      for (const sql of statements) await client.query(sql);
      await client.query('INSERT INTO oet_schema_migrations (name, step) VALUES ($1, $2)', [name, index + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
