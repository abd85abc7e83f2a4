import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** `--state-dir`, else `DISCOS_SIM_STATE_DIR`, else the OS temp directory. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DISCOS_SIM_STATE_DIR ?? tmpdir();
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
    mkdirSync(this.dir, { recursive: true });
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state));
    renameSync(temp, this.path);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
