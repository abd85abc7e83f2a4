import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const children: Array<ReturnType<typeof spawn>> = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startApp(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const waitFor = async (text: string, timeoutMs = 20000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (child.exitCode !== null) throw new Error(`app exited before ${text}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}:\n${output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        child.stdout.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { child, waitFor, output: () => output };
}

/** One request/reply on a fresh TCP connection. */
async function ask(port: number, request: string, replyLength: number): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  let received = Buffer.alloc(0);
  socket.write(request);
  try {
    while (received.length < replyLength) {
      const [chunk] = (await once(socket, 'data', { signal: AbortSignal.timeout(5000) })) as [Buffer];
      received = Buffer.concat([received, chunk]);
    }
  } finally {
    socket.destroy();
  }
  return received.toString('latin1');
}

describe('discos-simulators app', { timeout: 60000 }, () => {
  it('prints its usage with --help', async () => {
    const app = startApp(['--help']);
    await once(app.child, 'exit');
    expect(app.output()).toMatch(/^usage: discos-simulators/);
  });

  it('runs every simulator with a port offset, answers, logs JSON and stops cleanly on SIGTERM', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sim-app-'));
    dirs.push(stateDir);
    // Every row stays below the ephemeral port range (32768), so client sockets never hold our ports.
    // Ports 28700-32000 (the package's CLI tests use 24000-28700).
    const offset = 18700 + Math.floor(Math.random() * 800);
    const app = startApp(['--port-offset', String(offset)], { DISCOS_SIM_STATE_DIR: stateDir, LOG_LEVEL: 'info' });
    await app.waitFor('discos-simulators ready');
    expect(await ask(12500 + offset, '?\n', 7)).toBe('16 0 0\n');
    expect(await ask(12801 + offset, '?version\r\n', 34)).toBe('!version,ok,1.2\r\n!version,ok,1.2\r\n');
    const ready = app
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; simulators?: string[] })
      .find((l) => l.msg === 'discos-simulators ready');
    expect(ready?.simulators).toContain('calmux');
    app.child.kill('SIGTERM');
    const [code] = (await once(app.child, 'exit')) as [number | null];
    expect(code, app.output()).toBe(0);
    expect(app.output()).toContain("Simulator 'calmux' stopped.");
  });
});
