import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '@observatory/core';

// The reaper reads "+pid"/"-pid" lines; when its stdin ends (the server exited, however it died)
// it SIGKILLs every process group still listed, then exits.
const REAPER = `
const groups = new Set();
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (rest + chunk).split('\\n');
  rest = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (line[0] === '+') groups.add(pid); else groups.delete(pid);
  }
});
process.stdin.on('end', () => {
  for (const pid of groups) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  process.exit(0);
});
`;

/**
 * Guarantees no script process group outlives the server, even when the server is SIGKILLed while a
 * script spins in a busy loop (such a child never notices its IPC channel closing). One small
 * detached process per server holds the list of live groups and kills them when our pipe closes.
 */
export class ProcessReaper {
  private readonly child: ChildProcess | undefined;

  constructor(log: Logger) {
    try {
      this.child = spawn(process.execPath, ['-e', REAPER], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      this.child.on('error', (err) => log.warn({ err }, 'process reaper failed'));
      this.child.stdin?.on('error', () => undefined);
      this.child.unref();
      (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    } catch (err) {
      log.warn({ err }, 'cannot start the process reaper');
    }
  }

  track(pid: number): void {
    this.child?.stdin?.write(`+${pid}\n`);
  }

  untrack(pid: number): void {
    this.child?.stdin?.write(`-${pid}\n`);
  }

  /** Ends the reaper (it kills whatever is still listed, normally nothing). */
  close(): void {
    this.child?.stdin?.end();
  }
}
