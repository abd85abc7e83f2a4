import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, runProcess, startProcess, type ProcessResult } from '@observatory/test-utils';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const appArgs = (args: string[]): string[] => [...SOURCE_NODE_ARGS, 'src/main.ts', ...args];

export interface AppProcess {
  child: ChildProcess;
  host: string;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Sends SIGTERM (SIGKILL after 10 s) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the app as a real child process (test-utils' TestProcess) and waits for its "listening on" line. */
export async function spawnApp(args: string[], timeoutMs = 20000): Promise<AppProcess> {
  const proc = startProcess(process.execPath, appArgs(args), { cwd: appDir });
  try {
    const [, host, port] = await proc.waitForLine(/listening on (\S+):(\d+)/, { timeoutMs });
    return {
      child: proc.child,
      host: host!,
      port: Number(port),
      stdout: () => proc.stdout,
      stderr: () => proc.stderr,
      stop: async (signal = 'SIGTERM') => (await proc.close({ signal, graceMs: 10_000 })).code,
    };
  } catch (err) {
    await proc.close({ signal: 'SIGKILL' });
    throw err;
  }
}

/** Runs the app to completion (for usage/port errors). */
export function runApp(args: string[]): Promise<ProcessResult> {
  return runProcess(process.execPath, appArgs(args), { cwd: appDir, timeoutMs: 20_000 });
}
