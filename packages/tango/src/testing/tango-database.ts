import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TANGO_BINARIES, freePort, startProcess, type StartedProcess } from './processes.js';

export interface TangoDatabase {
  /** `127.0.0.1:PORT` of DataBaseds (what TANGO_HOST must say). */
  readonly tangoHost: string;
  readonly host: string;
  readonly port: number;
  readonly mysqlPort: number;
  readonly dataBaseds: StartedProcess;
  readonly mariadb: StartedProcess;
  /** Runs SQL as root on the private MariaDB (for fixtures that reset state). */
  sql(statements: string): Promise<string>;
  /** Stops DataBaseds and MariaDB by PID and deletes the data directory. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function run(command: string, args: string[], input?: string, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('latin1')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${err.slice(-2000)}`))));
    child.stdin.end(input ?? '');
  });
}

const MARIADB_CLIENT = '/usr/bin/mariadb';

/**
 * A private Tango database for tests (T-ENV-1, without systemd or the system MariaDB): a MariaDB instance
 * in a temporary directory on a free loopback port with the `tango` schema of Debian's tango-db, and
 * DataBaseds (`sys/database/2`) on another free port. Everything runs as children stopped by PID.
 */
export async function startTangoDatabase(options: { timeoutMs?: number } = {}): Promise<TangoDatabase> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dir = await mkdtemp(join(tmpdir(), 'tango-db-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const user = process.getuid?.() === 0 ? ['--user=root'] : [];
  let mariadb: StartedProcess | undefined;
  let dataBaseds: StartedProcess | undefined;
  const cleanup = async (): Promise<void> => {
    await dataBaseds?.stop();
    await mariadb?.stop(10_000);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run(TANGO_BINARIES.mariadbInstallDb, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=socket', '--skip-test-db'], undefined, dir);
    const mysqlPort = await freePort();
    mariadb = await startProcess(
      TANGO_BINARIES.mariadbd,
      ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${mysqlPort}`, '--bind-address=127.0.0.1', ...user, `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M'],
      { ready: /ready for connections/, timeoutMs, name: 'mariadbd' },
    );
    const root = ['--no-defaults', `--socket=${socket}`, '-uroot'];
    const password = `tango-${process.pid}`;
    await run(MARIADB_CLIENT, root, `CREATE DATABASE tango; CREATE USER 'tango'@'127.0.0.1' IDENTIFIED BY '${password}'; CREATE USER 'tango'@'localhost' IDENTIFIED BY '${password}'; GRANT ALL ON tango.* TO 'tango'@'127.0.0.1'; GRANT ALL ON tango.* TO 'tango'@'localhost';`);
    // The schema file `source`s its siblings by absolute path; run it from its directory.
    const schema = await readFile(TANGO_BINARIES.tangoDbSql, 'latin1');
    await run(MARIADB_CLIENT, [...root, 'tango'], schema, dirname(TANGO_BINARIES.tangoDbSql));
    const port = await freePort();
    const tangoHost = `127.0.0.1:${port}`;
    dataBaseds = await startProcess(TANGO_BINARIES.dataBaseds, ['2', '-ORBendPoint', `giop:tcp:127.0.0.1:${port}`], {
      // DataBaseds reads MYSQL_HOST as host:port.
      env: { ...process.env, MYSQL_HOST: `127.0.0.1:${mysqlPort}`, MYSQL_USER: 'tango', MYSQL_PASSWORD: password, TANGO_HOST: tangoHost },
      ready: /Ready to accept request/,
      timeoutMs,
      name: 'DataBaseds',
    });
    const db: TangoDatabase = {
      tangoHost,
      host: '127.0.0.1',
      port,
      mysqlPort,
      dataBaseds,
      mariadb,
      sql: (statements) => run(MARIADB_CLIENT, [...root, 'tango'], statements),
      stop: cleanup,
      [Symbol.asyncDispose]: cleanup,
    };
    return db;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
