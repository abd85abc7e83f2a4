import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/logging-child.ts', import.meta.url));

function start(env: NodeJS.ProcessEnv) {
  // Nx runs tasks with FORCE_COLOR set; these cases are about a piped stdout with no colour forced.
  const { FORCE_COLOR: _forceColor, ...inherited } = process.env;
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { proc, stderr: () => stderr };
}

describe('createLogger in a real process whose stdout reader goes away (`app | tee log`, tee dies)', () => {
  it.each(['json', 'pretty'])('%s: stops logging and lets the app shut down with exit code 0', async (format) => {
    const { proc, stderr } = start({ LOG_FORMAT: format });
    try {
      const [first] = (await once(proc.stdout, 'data', { signal: AbortSignal.timeout(20_000) })) as [Buffer];
      expect(first.toString()).toMatch(format === 'json' ? /^\{"level":30/ : /INFO \(child\): ready/);
      proc.stdout.destroy(); // the reader is gone: the next write gets EPIPE
      const [code] = (await once(proc, 'exit', { signal: AbortSignal.timeout(20_000) })) as [number | null];
      expect(stderr()).toContain('destination closed');
      expect(code).toBe(0);
    } finally {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  }, 60_000); // node + tsx start-up on a loaded machine
});
