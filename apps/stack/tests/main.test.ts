import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const main = ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts'];

describe('stack app', () => {
  it('prints its usage with --help', async () => {
    const { stdout } = await run(process.execPath, [...main, '--help'], { cwd: appDir, timeout: 20000 });
    expect(stdout).toMatch(/^usage: stack/);
    expect(stdout).toContain('--telescope-port');
  });

  it('refuses a bad option with exit code 2 and says why', async () => {
    const failed = await run(process.execPath, [...main, '--telescope', 'big'], { cwd: appDir, timeout: 20000 }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain("--telescope must be mid or low, got 'big'");
  });

  it('prints the versions of the packages it runs with --version', async () => {
    const { stdout } = await run(process.execPath, [...main, '--version'], { cwd: appDir, timeout: 20000 });
    expect(stdout).toMatch(/^@ska\/oet-server \d+\.\d+\.\d+.*\n@ska\/telescope-simulator \d+\.\d+\.\d+/);
    }, 30_000);

  it('for a human: banner first, no start-up info lines; Ctrl-C after its stdout reader died still stops it (exit 0)', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'stack-main-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), LOG_FORMAT: 'pretty', FORCE_COLOR: '0' };
    delete env.LOG_PRETTY;
    const child = spawn(process.execPath, [...main, '--port', '0', '--telescope-port', '0'], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit', { signal: AbortSignal.timeout(90_000) }) as Promise<[number | null]>;
    try {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => out.includes('Ctrl-C stops everything.') && resolve());
        void exited.then(() => reject(new Error(`stack exited before its banner:\n${out}`)), reject);
      });
      expect(out.trimStart()).toMatch(/^Local stack ready in /);
      expect(out).not.toMatch(/INFO/);
      expect(out).not.toContain('\u001b['); // FORCE_COLOR=0
      // `npm start | tee stack.log`, then Ctrl-C: tee dies first, so every shutdown log line gets EPIPE.
      child.stdout.destroy();
      child.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
