import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, runProcess, startProcess } from '@observatory/test-utils';
import { describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const main = [...SOURCE_NODE_ARGS, 'src/main.ts'];
const run = (args: string[]) => runProcess(process.execPath, [...main, ...args], { cwd: appDir, timeoutMs: 20_000 });

describe('stack app', () => {
  it('prints its usage with --help', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout).toMatch(/^usage: stack/);
    expect(stdout).toContain('--telescope-port');
  });

  it('refuses a bad option with exit code 2 and says why', async () => {
    const failed = await run(['--telescope', 'big']);
    expect(failed).toMatchObject({ code: 2 });
    expect(failed.stderr).toContain("--telescope must be mid or low, got 'big'");
  });

  it('prints the versions of the packages it runs with --version', async () => {
    const { stdout } = await run(['--version']);
    expect(stdout).toMatch(/^@ska\/oet-server \d+\.\d+\.\d+.*\n@ska\/telescope-simulator \d+\.\d+\.\d+/);
    }, 30_000);

  it('for a human: banner first, no start-up info lines; Ctrl-C after its stdout reader died still stops it (exit 0)', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'stack-main-'));
    const stack = startProcess(process.execPath, [...main, '--port', '0', '--telescope-port', '0'], {
      cwd: appDir,
      env: { HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), LOG_FORMAT: 'pretty', FORCE_COLOR: '0', LOG_PRETTY: undefined },
    });
    try {
      await stack.waitForLine(/Ctrl-C stops everything\./, { timeoutMs: 90_000 });
      const out = stack.stdout;
      expect(out.trimStart()).toMatch(/^Local stack ready in /);
      expect(out).not.toMatch(/INFO/);
      expect(out).not.toContain('\u001b['); // FORCE_COLOR=0
      // `npm start | tee stack.log`, then Ctrl-C: tee dies first, so every shutdown log line gets EPIPE.
      stack.child.stdout!.destroy();
      stack.kill('SIGINT');
      const { code } = await stack.waitForExit(90_000);
      expect(code).toBe(0);
    } finally {
      await stack.close({ signal: 'SIGKILL' });
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
