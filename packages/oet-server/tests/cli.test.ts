import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FIXTURE_SCRIPTS } from './fixtures/scripts.js';
import { call, createBody, isAlive, waitForState } from './helpers.js';
import { SseReader } from './sse-reader.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A fresh HOME and script root per test (tests run concurrently). */
async function setup(): Promise<{ tmp: string; root: string; home: string }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-cli-'));
  dirs.push(tmp);
  const root = path.join(tmp, 'scripts');
  const home = path.join(tmp, 'home');
  await mkdir(root);
  await mkdir(home);
  await writeFile(path.join(root, 'spin.js'), FIXTURE_SCRIPTS['spin.js']!);
  return { tmp, root, home };
}

afterAll(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Running {
  child: ChildProcess;
  lines: string[];
  url: Promise<string>;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

function startCli(dirs: { tmp: string; home: string }, args: string[], env: Record<string, string> = {}): Running {
  const { tmp, home } = dirs;
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: pkgDir,
    env: { ...process.env, HOME: home, LOG_LEVEL: 'info', OET_STOP_GRACE_MS: '300', OET_CACHE_DIR: path.join(tmp, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => lines.push(l));
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'OET REST server listening' && entry.url) resolve(entry.url);
      } catch {
        // not JSON
      }
    });
    void exit.then(([code]) => reject(new Error(`exited with ${String(code)}: ${lines.join('\n')}`)));
  });
  url.catch(() => undefined);
  return { child, lines, url, exit };
}

describe.concurrent('oet-rest CLI', () => {
  it('starts with JSON logs, shows ini flags in /health, and on SIGTERM stops running scripts and exits 0', async () => {
    const d = await setup();
    const { root, home } = d;
    await writeFile(path.join(home, 'oet.ini'), '[tango]\nread_via_pubsub = true\n');
    const cli = startCli(d, ['--host', '127.0.0.1', '--port', '0', '--scripts-root', root]);
    const url = await cli.url;
    const health = await call<Record<string, unknown>>(`${url}/health`);
    expect(health.body).toMatchObject({ status: 'ok', flags: { read_via_pubsub: true }, flags_source: path.join(home, 'oet.ini') });
    expect(cli.lines.some((l) => l.includes('"msg":"feature flags"') && l.includes('"read_via_pubsub":true'))).toBe(true);

    const stream = await SseReader.open(`${url}/stream?topics=user.test.pid,procedure.lifecycle.stopped`);
    const created = await call<{ id: number }>(`${url}/procedures/`, 'POST', createBody(root, 'spin.js'));
    await waitForState(url, created.body.id, ['READY']);
    await call(`${url}/procedures/${created.body.id}`, 'PUT', { state: 'RUNNING' });
    await stream.waitFor((s) => s.events.length === 1);
    const pid = Number(stream.events[0]!.data.pid);
    expect(isAlive(pid)).toBe(true);

    cli.child.kill('SIGTERM');
    const [code] = await cli.exit;
    // 0, not 1: the shutdown finished by itself; past its timeout (grace + 5 s) it would force exit 1. How long it
    // takes is not asserted here (a loaded machine varies); the spinning script was stopped before the stream ended.
    expect(code).toBe(0);
    await stream.close(); // resolves because the server ended the stream
    expect(stream.events.map((e) => e.data.topic)).toEqual(['user.test.pid', 'procedure.lifecycle.stopped']);
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 2000 });
  });

  it('children exit by themselves when the server process dies (IPC disconnect)', async () => {
    const d = await setup();
    const { root } = d;
    await writeFile(path.join(root, 'idle.js'), `export function init(_i, ctx) { ctx.publish('user.test.pid', { pid: process.pid }); }\nexport function main() {}\n`);
    const cli = startCli(d, ['--port', '0', '--scripts-root', root]);
    const url = await cli.url;
    const stream = await SseReader.open(`${url}/stream?topics=user.test.pid`);
    const created = await call<{ id: number }>(`${url}/procedures/`, 'POST', createBody(root, 'idle.js'));
    await waitForState(url, created.body.id, ['READY']);
    await stream.waitFor((s) => s.events.length === 1);
    const pid = Number(stream.events[0]!.data.pid);
    // and a script stuck in a busy loop, which never sees the disconnect (its watchdog thread acts)
    const spin = await call<{ id: number }>(`${url}/procedures/`, 'POST', createBody(root, 'spin.js', { subarray_id: 2 }));
    await waitForState(url, spin.body.id, ['READY']);
    await call(`${url}/procedures/${spin.body.id}`, 'PUT', { state: 'RUNNING' });
    await stream.waitFor((s) => s.events.length === 2);
    const spinner = Number(stream.events[1]!.data.pid);
    await stream.close();
    cli.child.kill('SIGKILL');
    await cli.exit;
    try {
      await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 3000 });
      await vi.waitFor(() => expect(isAlive(spinner)).toBe(false), { timeout: 5000 });
    } finally {
      for (const p of [pid, spinner]) if (isAlive(p)) process.kill(p, 'SIGKILL'); // never leak on failure
    }
  });

  it('a busy port is a clear error with exit code 1', async () => {
    const d = await setup();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const cli = startCli(d, ['--port', String(port), '--scripts-root', d.root]);
      const [code] = await cli.exit;
      expect(code).toBe(1);
      expect(cli.lines.join('\n')).toContain(`address 127.0.0.1:${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('invalid configuration exits 2 naming the value; --help exits 0', async () => {
    const d = await setup();
    const bad = startCli(d, ['--port', 'abc', '--scripts-root', d.root]);
    const help = startCli(d, ['--help']);
    expect((await bad.exit)[0]).toBe(2);
    expect(bad.lines.join('\n')).toMatch(/--port must be an integer/);
    expect((await help.exit)[0]).toBe(0);
    expect(help.lines.join('\n')).toMatch(/--scripts-root <dir>/);
  });
});
