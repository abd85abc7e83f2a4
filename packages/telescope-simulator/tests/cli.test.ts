import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, startProcess, type TestProcess } from '@observatory/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildProgram, exitCodeFor, runCli } from '../src/cli/program.js';
import type { RunningTelescopeSim } from '../src/http/start-server.js';
import { createTelescopeClient } from '../src/http/telescope-client.js';

// The TypeScript entry, so the test never runs a stale dist/ (the bin shim prefers dist/ when built).
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const processes = new Set<TestProcess>();

afterEach(async () => {
  await Promise.all([...processes].map((p) => p.close({ signal: 'SIGKILL' })));
  processes.clear();
});

/** Runs `telescope-sim` as a real child process (test-utils' TestProcess). */
function run(args: string[]) {
  const proc = startProcess(process.execPath, [...SOURCE_NODE_ARGS, main, ...args], { env: { LOG_LEVEL: 'info', NO_COLOR: '1' } });
  processes.add(proc);
  return {
    child: proc.child,
    exited: proc.exited.then((s) => s.code),
    out: () => proc.stdout,
    err: () => proc.stderr,
    /** Resolves with the URL from the JSON `ready` log line. */
    ready: async (): Promise<string> => {
      const [line] = await proc.waitForLine(/^\{.*"msg":"telescope-sim ready".*$/m, { timeoutMs: 15_000 });
      return (JSON.parse(line) as { url: string }).url;
    },
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
    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['telescope-sim ready', 'shutting down', 'stopped']));
    expect(messages.filter((m) => /listening/i.test(m))).toHaveLength(1); // fastify's "Server listening at", once
  }, 30_000);

  test('a busy port is a clear error and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await runCli(['node', 'telescope-sim', '--port', String(port), '--log-level', 'silent'], { handleSignals: false });
      expect(code).toBe(1);
      expect(printed).toHaveBeenCalledWith(`telescope-sim: address 127.0.0.1:${port} is already in use (CORE_ADDRESS_IN_USE)`);
    } finally {
      blocker.close();
    }
  });

  test('usage errors exit 2; --help and --version exit 0', async () => {
    let out = '';
    let err = '';
    const output = { writeOut: (s: string) => (out += s), writeErr: (s: string) => (err += s) };
    const program = () => buildProgram({ handleSignals: false }).configureOutput(output);
    const parse = (args: string[]) => program().parseAsync(['node', 'telescope-sim', ...args]).then(() => 0, exitCodeFor);
    expect(await parse(['--telescope', 'high'])).toBe(2);
    expect(err).toMatch(/argument 'high' is invalid/);
    expect(await parse(['--port', '70000'])).toBe(2);
    expect(await parse(['--help'])).toBe(0);
    expect(out).toMatch(/Usage: telescope-sim/);
    expect(out).toContain('--no-control');
    expect(await parse(['--version'])).toBe(0);
    expect(out).toMatch(/\d+\.\d+\.\d+/);
  });

  test('in process, the program serves until its server is closed', async () => {
    let running: RunningTelescopeSim | undefined;
    await buildProgram({ handleSignals: false, onListening: (r) => (running = r) }).parseAsync(['node', 'telescope-sim', '--port', '0', '--subarrays', '3', '--no-control', '--log-level', 'silent']);
    try {
      const client = await createTelescopeClient({ url: running!.url });
      expect((await client.getState()).subarrays).toHaveLength(3);
      await expect(client.reset()).rejects.toMatchObject({ code: 'TELSIM_CONTROL_DISABLED' });
      await client.close();
    } finally {
      await running?.close();
    }
  });

  test('exitCodeFor maps typed errors to 1', () => {
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });
});
