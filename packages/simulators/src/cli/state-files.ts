import { randomBytes } from 'node:crypto';
import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObservatoryError } from '@observatory/core';

/** The state directory is not private to this user: its files could be planted or read by others. */
export class StateDirUnsafeError extends ObservatoryError {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super('DISCOS_SIM_STATE_DIR_UNSAFE', `state directory ${dir} is unsafe: ${reason}; use a private directory (--state-dir, mode 0700)`);
  }
}

/** One simulator a process runs: its module and the name it reports (the type with `-t`). */
export interface StateEntry {
  module: string;
  name: string;
}

/** What a running `discos-simulator start` process records about itself. */
export interface StateFile {
  pid: number;
  host: string;
  portOffset: number;
  simulators: StateEntry[];
}

const PREFIX = 'discos-simulator-';

/** `--state-dir`, else `DISCOS_SIM_STATE_DIR`, else a private per-user directory in the OS temp directory. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DISCOS_SIM_STATE_DIR ?? join(tmpdir(), `discos-simulator-${process.getuid?.() ?? 'user'}`);
}

/**
 * Creates the state directory (mode 0700) when missing and checks it is a real directory owned by this user
 * and not writable by anyone else, so nobody can plant a state file or a symlink in it.
 */
export function ensureStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new StateDirUnsafeError(dir, 'not a directory (a symbolic link?)');
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) throw new StateDirUnsafeError(dir, `owned by uid ${stat.uid}, not ${uid}`);
  if ((stat.mode & 0o022) !== 0) throw new StateDirUnsafeError(dir, `writable by others (mode ${(stat.mode & 0o777).toString(8)})`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state of every live process (files of dead ones are removed), optionally only those using `portOffset`. */
export function readStates(dir: string, portOffset?: number): StateFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(PREFIX) && n.endsWith('.json'));
  } catch {
    return [];
  }
  const states: StateFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let state: StateFile;
    try {
      state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
    } catch {
      continue; // being written, or not ours
    }
    if (typeof state.pid !== 'number' || !Array.isArray(state.simulators)) continue;
    if (!isAlive(state.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (portOffset === undefined || state.portOffset === portOffset) states.push(state);
  }
  return states;
}

/** The state file of this process: rewritten atomically on every change, removed at the end. */
export class StateFileWriter {
  readonly path: string;

  constructor(
    private readonly dir: string,
    private readonly state: StateFile,
  ) {
    this.path = join(dir, `${PREFIX}${state.pid}.json`);
  }

  write(simulators: StateEntry[] = this.state.simulators): void {
    this.state.simulators = simulators;
    ensureStateDir(this.dir);
    // A fresh name opened with O_EXCL: an existing file or planted symlink fails instead of being written through.
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      writeSync(fd, JSON.stringify(this.state));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
