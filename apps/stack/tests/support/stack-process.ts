import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export const appDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoRoot = path.resolve(appDir, '../..');
export const scriptsDir = path.join(repoRoot, 'apps/oet-rest/scripts');
const oetBin = path.join(repoRoot, 'packages/oet-cli/bin/oet.js');

export interface StackProcess {
  child: ChildProcess;
  pid: number;
  oetUrl: string;
  telescopeUrl: string;
  /** Everything the stack printed on stdout so far. */
  stdout(): string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** SIGKILLs the stack's process group and every process it was seen to start; removes the temp home. */
  destroy(): Promise<void>;
}

/**
 * Starts `npm start`'s program as a real child process on free ports, in its own process group, with a
 * private HOME (so no ~/oet.ini applies) and resolves once it logged `stack ready`.
 */
export async function startStackProcess(extraEnv: Record<string, string> = {}, timeoutMs = 30_000, extraArgs: string[] = []): Promise<StackProcess> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'stack-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), OET_STOP_GRACE_MS: '500', ...extraEnv };
  delete env.LOG_PRETTY;
  delete env.FORCE_COLOR; // Nx sets it for its tasks; the tests read the stack's plain (piped) output
  delete env.OET_READ_VIA_PUBSUB;
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', '--port', '0', '--telescope-port', '0', ...extraArgs], {
    cwd: appDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const seen = new Set<number>();
  const destroy = async (): Promise<void> => {
    for (const pid of await descendants(child.pid!).catch(() => [])) seen.add(pid);
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
    for (const pid of seen) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(home, { recursive: true, force: true });
  };
  try {
    const ready = await new Promise<{ oetUrl: string; telescopeUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack not ready within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
      createInterface({ input: child.stdout }).on('line', (line) => {
        out += `${line}\n`;
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as { msg?: string; oetUrl?: string; telescopeUrl?: string };
        if (entry.msg === 'stack ready') {
          clearTimeout(timer);
          resolve({ oetUrl: entry.oetUrl!, telescopeUrl: entry.telescopeUrl! });
        }
      });
      void exited.then(([code, signal]) => {
        clearTimeout(timer);
        reject(new Error(`stack exited (${String(code)}, ${String(signal)}) before it was ready:\n${out}\n${err}`));
      });
    });
    return { child, pid: child.pid!, ...ready, stdout: () => out, exited, destroy };
  } catch (e) {
    await destroy();
    throw e;
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cliChildren = new Set<ChildProcess>();

/** Kills every `oet` CLI process still running (afterAll: a failed test may leave a listener behind). */
export function killCliChildren(): void {
  for (const child of cliChildren) child.kill('SIGKILL');
}

/** Runs the real `oet` CLI (packages/oet-cli/bin/oet.js) as a child process against the stack. */
export function runOet(serverUrl: string, args: string[], timeoutMs = 60_000): Promise<CliResult> & { child: ChildProcess } {
  const child = spawn(process.execPath, [oetBin, '--server-url', serverUrl, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return Object.assign(done, { child });
}

/** Every live descendant of `pid` (from `ps`), children first. */
export async function descendants(pid: number): Promise<number[]> {
  const { stdout } = await execFileP('ps', ['-eo', 'pid=,ppid=']);
  const children = new Map<number, number[]>();
  for (const line of stdout.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift()!) ?? []) {
      found.push(c);
      queue.push(c);
    }
  }
  return found;
}

export { isAlive } from '@observatory/test-utils';
