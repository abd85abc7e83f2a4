import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startServer } from './start-server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the discos-backend-conformance entry as a child process; resolves with its exit code and output. */
function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@observatory/source', '--import', 'tsx', 'src/conformance-main.ts', ...args],
      { cwd: packageDir, timeout: 60000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('discos-backend-conformance bin', () => {
  test('exits 0 against our simulator server and 1 against a backend that does not conform', async () => {
    const simulator = await startServer('simulator');
    const alwaysOk = await startServer('ok');
    try {
      const [good, bad] = await Promise.all([
        runCli(['--host', simulator.host, '--port', String(simulator.port), '--groups', 'framing,grammar,commands']),
        runCli(['--port', String(alwaysOk.port), '--groups', 'commands']),
      ]);
      expect(good.output).toMatch(/passed/);
      expect(good.code).toBe(0);
      expect(bad.code).toBe(1);
      expect(bad.output).toMatch(/failed/);
    } finally {
      await simulator.stop();
      await alwaysOk.stop();
    }
  }, 90000);

  test('the simulator group needs start(): usage error 2', async () => {
    const { code, output } = await runCli(['--port', '1', '--groups', 'simulator']);
    expect(code).toBe(2);
    expect(output).toMatch(/needs a fresh server per test/);
  }, 30000);
});
