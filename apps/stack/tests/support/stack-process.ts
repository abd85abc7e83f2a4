import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, startProcess, type TestProcess } from '@observatory/test-utils';

export const appDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoRoot = path.resolve(appDir, '../..');
export const scriptsDir = path.join(repoRoot, 'apps/oet-rest/scripts');
const oetBin = path.join(repoRoot, 'packages/oet-cli/bin/oet.js');

export interface StackProcess {
  /** The runner: the stack's output, its exit, and `kill()` by the PID it started. */
  process: TestProcess;
  pid: number;
  oetUrl: string;
  telescopeUrl: string;
  /** Everything the stack printed on stdout so far. */
  stdout(): string;
  /** Resolves once the stack exited and its output ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the stack's process group and every process it was seen to start; removes the temp home. */
  destroy(): Promise<void>;
}

/**
 * Starts `npm start`'s program as a real child process on free ports, in its own process group, with a
 * private HOME (so no ~/oet.ini applies) and resolves once it logged `stack ready`.
 */
export async function startStackProcess(extraEnv: Record<string, string> = {}, timeoutMs = 30_000, extraArgs: string[] = []): Promise<StackProcess> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'stack-e2e-'));
  // FORCE_COLOR is dropped by the runner (Nx sets it for its tasks): the tests read the stack's plain (piped) output.
  const env = { HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), OET_STOP_GRACE_MS: '500', LOG_PRETTY: undefined, OET_READ_VIA_PUBSUB: undefined, ...extraEnv };
  const proc = startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', '--port', '0', '--telescope-port', '0', ...extraArgs], {
    cwd: appDir,
    env,
    // Its own group, and the script processes that leave that group are tracked and killed too.
    detached: true,
    killDescendants: true,
  });
  const destroy = async (): Promise<void> => {
    await proc.close({ signal: 'SIGKILL' });
    await rm(home, { recursive: true, force: true });
  };
  try {
    const [line] = await proc.waitForLine(/^\{.*"msg":"stack ready".*$/m, { timeoutMs });
    const ready = JSON.parse(line) as { oetUrl: string; telescopeUrl: string };
    return { process: proc, pid: proc.pid, oetUrl: ready.oetUrl, telescopeUrl: ready.telescopeUrl, stdout: () => proc.stdout, exited: proc.exited, destroy };
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

const cliChildren = new Set<TestProcess>();

/** Kills every `oet` CLI process still running (afterAll: a failed test may leave a listener behind). */
export function killCliChildren(): void {
  for (const child of cliChildren) child.kill('SIGKILL');
}

/**
 * Runs the real `oet` CLI (packages/oet-cli/bin/oet.js) as a child process against the stack; rejects (after
 * killing it) if it has not exited within `timeoutMs`.
 */
export function runOet(serverUrl: string, args: string[], timeoutMs = 60_000): Promise<CliResult> & { process: TestProcess } {
  const proc = startProcess(process.execPath, [oetBin, '--server-url', serverUrl, ...args], {
    cwd: repoRoot,
    env: { NO_COLOR: '1' },
    dropForceColor: false,
  });
  cliChildren.add(proc);
  const done = proc
    .waitForExit(timeoutMs)
    .then(({ code, stdout, stderr }) => ({ code, stdout, stderr }))
    .finally(async () => {
      await proc.close();
      cliChildren.delete(proc);
    });
  return Object.assign(done, { process: proc });
}

/** Every live descendant of `pid` (from `ps`), children first. */
export { descendantPids as descendants, isAlive } from '@observatory/test-utils';
