import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatorModules } from '@discos/simulators';
import { SOURCE_NODE_ARGS, TcpTestClient, freePortOffset, startProcess, type TestProcess } from '@observatory/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const apps: TestProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close({ signal: 'SIGKILL' })));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startApp(args: string[], env: Record<string, string> = {}): TestProcess {
  const app = startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', ...args], { cwd: appDir, env });
  apps.push(app);
  return app;
}

/** One request/reply on a fresh TCP connection. */
async function ask(port: number, request: string, replyLength: number): Promise<string> {
  await using client = await TcpTestClient.connect(port, { readTimeoutMs: 5000 });
  return await client.ask(request, replyLength);
}

describe('discos-simulators app', { timeout: 60000 }, () => {
  it('prints its usage with --help', async () => {
    const app = startApp(['--help']);
    const { stdout, stderr } = await app.waitForExit(20_000);
    expect(stdout + stderr).toMatch(/^usage: discos-simulators/);
  });

  it('runs every simulator with a port offset, answers, logs JSON and stops cleanly on SIGTERM', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sim-app-'));
    dirs.push(stateDir);
    // An offset at which every simulator port is free now, all below the ephemeral port range (32768), so
    // client sockets never hold our ports; allocated, so the package's CLI tests cannot collide with it.
    const bases = simulatorModules().flatMap((m) => m.servers.flatMap((r) => [r.listen, r.send, r.http].filter((p): p is number => p !== undefined)));
    const offset = await freePortOffset(bases, { minOffset: 18700, maxOffset: 19500 });
    const app = startApp(['--port-offset', String(offset)], { DISCOS_SIM_STATE_DIR: stateDir, LOG_LEVEL: 'info' });
    await app.waitForLine(/discos-simulators ready/, { timeoutMs: 20_000, stream: 'both' });
    expect(await ask(12500 + offset, '?\n', 7)).toBe('16 0 0\n');
    expect(await ask(12801 + offset, '?version\r\n', 34)).toBe('!version,ok,1.2\r\n!version,ok,1.2\r\n');
    const ready = `${app.stdout}\n${app.stderr}`
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; simulators?: string[] })
      .find((l) => l.msg === 'discos-simulators ready');
    expect(ready?.simulators).toContain('calmux');
    app.kill('SIGTERM');
    const { code } = await app.waitForExit(20_000);
    expect(code, app.output()).toBe(0);
    expect(`${app.stdout}${app.stderr}`).toContain("Simulator 'calmux' stopped.");
  });
});
