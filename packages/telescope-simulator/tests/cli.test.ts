import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { exitCodeFor } from '../src/cli/program.js';
import { createTelescopeClient } from '../src/http/telescope-client.js';

// The TypeScript entry, so the test never runs a stale dist/ (the bin shim prefers dist/ when built).
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

/** Runs `telescope-sim` as a real child process. */
function run(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', NO_COLOR: '1' } });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    /** Resolves with the URL from the JSON `ready` log line. */
    ready: () =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line; stdout ${stdout} stderr ${stderr}`)), 15_000);
        const check = () => {
          for (const line of stdout.split('\n')) {
            if (!line.startsWith('{')) continue;
            const entry = JSON.parse(line) as { msg?: string; url?: string };
            if (entry.msg === 'telescope-sim ready' && entry.url) {
              clearTimeout(timer);
              child.stdout.off('data', check);
              resolve(entry.url);
              return;
            }
          }
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
      }),
  };
}

describe('telescope-sim CLI', () => {
  test('serves the chosen telescope on 127.0.0.1, logs JSON and exits 0 on SIGTERM', async () => {
    const p = run(['--port', '0', '--telescope', 'low']);
    const url = await p.ready();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = await createTelescopeClient({ url });
    try {
      expect(client.telescope).toBe('low');
      expect((await client.getState()).telescopeState).toBe('OFF');
    } finally {
      await client.close();
    }
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const lines = p.out().trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['telescope simulator listening', 'telescope-sim ready', 'shutting down', 'stopped']));
  }, 30_000);

  test('a busy port is a clear error and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const p = run(['--port', String(port)]);
      expect(await p.exited).toBe(1);
      expect(p.err()).toContain(`telescope-sim: address 127.0.0.1:${port} is already in use (CORE_ADDRESS_IN_USE)`);
    } finally {
      blocker.close();
    }
  }, 30_000);

  test('usage errors exit 2; --help exits 0', async () => {
    const bad = run(['--telescope', 'high']);
    expect(await bad.exited).toBe(2);
    expect(bad.err()).toMatch(/argument 'high' is invalid/);
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.out()).toMatch(/Usage: telescope-sim/);
    expect(help.out()).toContain('--no-control');
  }, 30_000);

  test('exitCodeFor maps typed errors to 1', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });
});
