import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Paths of the Debian binaries the interop suites use (T-ENV-1). */
export const TANGO_BINARIES = {
  tangoTest: '/usr/lib/tango/TangoTest',
  dataBaseds: '/usr/lib/tango/DataBaseds',
  tangoAdmin: '/usr/bin/tango_admin',
  python: '/usr/bin/python3',
  mariadbd: '/usr/sbin/mariadbd',
  mariadbInstallDb: '/usr/bin/mariadb-install-db',
  tangoDbSql: '/usr/share/dbconfig-common/data/tango-db/install/mysql',
} as const;

/** Which real components are installed; a suite skips with `reason` when one is missing. */
export function tangoAvailability(): { tangoTest: boolean; database: boolean; pytango: boolean; reason: string } {
  const tangoTest = existsSync(TANGO_BINARIES.tangoTest);
  const database = tangoTest && existsSync(TANGO_BINARIES.dataBaseds) && existsSync(TANGO_BINARIES.mariadbd) && existsSync(TANGO_BINARIES.tangoDbSql);
  const pytango = existsSync(TANGO_BINARIES.python) && existsSync('/usr/lib/python3/dist-packages/tango');
  const missing = [
    !tangoTest && `${TANGO_BINARIES.tangoTest} (Debian tango-test)`,
    !database && 'DataBaseds/mariadbd/tango-db schema (Debian tango-db, mariadb-server)',
    !pytango && 'PyTango (Debian python3-tango)',
  ].filter(Boolean);
  return { tangoTest, database, pytango, reason: missing.length ? `not installed: ${missing.join(', ')}; run .ci/install-system-packages` : '' };
}

/** A free loopback TCP port (bind to 0, read, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything the process printed so far (stdout + stderr), bounded. */
  output(): string;
  /** SIGTERM by PID, SIGKILL after `graceMs`; resolves when it exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal to this PID only. */
  signal(sig: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
}

const MAX_OUTPUT = 64 * 1024;

/**
 * Spawns a process and waits until its output matches `ready` (or `readyCheck` resolves true), with a deadline.
 * Rejects with the captured output when it exits early or the deadline passes.
 */
export async function startProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready?: RegExp; readyCheck?: () => Promise<boolean>; timeoutMs?: number; name?: string },
): Promise<StartedProcess> {
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (b: Buffer): void => {
    out += b.toString('latin1');
    if (out.length > MAX_OUTPUT) out = out.slice(-MAX_OUTPUT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))));
  let done = false;
  void exited.then(() => (done = true));
  const name = options.name ?? command;
  const proc: StartedProcess = {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    signal: (sig) => {
      if (!done && child.pid) process.kill(child.pid, sig);
    },
    stop: async (graceMs = 3000) => {
      if (done || !child.pid) return;
      try {
        process.kill(child.pid, 'SIGCONT');
        process.kill(child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        if (!done && child.pid) process.kill(child.pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      if (err) reject(err);
      else resolve();
    };
    const onData = (): void => {
      if (options.ready?.test(out)) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => finish(new Error(`${name} could not start: ${err.message}`)));
    void exited.then((code) => finish(new Error(`${name} exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
    const timer = setTimeout(() => {
      void proc.stop(500);
      finish(new Error(`${name} not ready within ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    let checking = false;
    const poll = setInterval(() => {
      if (!options.readyCheck || checking || Date.now() > deadline) return;
      checking = true;
      options.readyCheck().then(
        (ok) => {
          checking = false;
          if (ok) finish();
        },
        () => (checking = false),
      );
    }, 100);
  });
  return proc;
}
