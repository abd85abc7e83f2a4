import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Debian's PostgreSQL 15 (CI installs it; `.ci/install-system-packages`). */
export const PG_BIN = process.env.OET_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the PostgreSQL suites cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  for (const tool of ['initdb', 'postgres']) {
    if (!existsSync(path.join(PG_BIN, tool))) return `PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql; CI installs it)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser')) return 'running as root without runuser to drop to the postgres user';
  return undefined;
}

export interface TestPostgres {
  host: string;
  port: number;
  user: string;
  database: string;
  /** A fresh database in this cluster (one per suite keeps suites apart). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A throwaway cluster: `initdb` in a temporary directory, `postgres` on a free loopback port (as the
 * unprivileged `postgres` user when we are root), stopped by its postmaster PID.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oet-pg-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  const ownerGroup = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  if (owner !== undefined && ownerGroup !== undefined) chownSync(dir, owner, ownerGroup);
  const run = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(PG_BIN, tool), ...args]] : [path.join(PG_BIN, tool), args];
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--no-instructions']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [cmd, args] = run('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=50',
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = once(child, 'exit');
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres not ready within 30 s:\n${log}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`postgres exited:\n${log}`));
    });
  });
  const postmasterPid = (): number | undefined => {
    try {
      return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const pid = postmasterPid();
      if (child.exitCode === null && child.signalCode === null) {
        try {
          // fast shutdown of the postmaster (runuser forwards nothing), then wait for it to go
          if (pid) process.kill(pid, 'SIGINT');
          else child.kill('SIGINT');
        } catch {
          // gone already
        }
        const timer = setTimeout(() => {
          try {
            if (pid) process.kill(pid, 'SIGKILL');
            child.kill('SIGKILL');
          } catch {
            // gone
          }
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    async createDatabase(name) {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return name;
    },
    stop,
  };
}
