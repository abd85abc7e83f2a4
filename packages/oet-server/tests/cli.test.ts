import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProcess } from '@observatory/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FIXTURE_SCRIPTS } from './fixtures/scripts.js';
import { call, createBody, isAlive, waitForState } from './helpers.js';
import { SseReader } from './sse-reader.js';
import { listeningUrl, outputLines, startOetRest } from './support/oet-rest-process.js';

const children: TestProcess[] = [];
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
  await Promise.all(children.splice(0).map((child) => child.close({ signal: 'SIGKILL' })));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function startCli(dirs: { tmp: string; home: string }, args: string[], env: Record<string, string> = {}): TestProcess {
  const { tmp, home } = dirs;
  const child = startOetRest(args, { HOME: home, LOG_LEVEL: 'info', OET_STOP_GRACE_MS: '300', OET_CACHE_DIR: path.join(tmp, 'cache'), ...env });
  children.push(child);
  return child;
}

describe.concurrent('oet-rest CLI', () => {
  it('starts with JSON logs, shows ini flags in /health, and on SIGTERM stops running scripts and exits 0', async () => {
    const d = await setup();
    const { root, home } = d;
    await writeFile(path.join(home, 'oet.ini'), '[tango]\nread_via_pubsub = true\n');
    const cli = startCli(d, ['--host', '127.0.0.1', '--port', '0', '--scripts-root', root]);
    const url = await listeningUrl(cli);
    const health = await call<Record<string, unknown>>(`${url}/health`);
    expect(health.body).toMatchObject({ status: 'ok', flags: { read_via_pubsub: true }, flags_source: path.join(home, 'oet.ini') });
    expect(outputLines(cli).some((l) => l.includes('"msg":"feature flags"') && l.includes('"read_via_pubsub":true'))).toBe(true);

    const stream = await SseReader.open(`${url}/stream?topics=user.test.pid,procedure.lifecycle.stopped`);
    const created = await call<{ id: number }>(`${url}/procedures/`, 'POST', createBody(root, 'spin.js'));
    await waitForState(url, created.body.id, ['READY']);
    await call(`${url}/procedures/${created.body.id}`, 'PUT', { state: 'RUNNING' });
    await stream.waitFor((s) => s.events.length === 1);
    const pid = Number(stream.events[0]!.data.pid);
    expect(isAlive(pid)).toBe(true);

    cli.kill('SIGTERM');
    const { code } = await cli.exited;
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
    const url = await listeningUrl(cli);
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
    cli.kill('SIGKILL');
    await cli.exited;
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
      const { code } = await cli.exited;
      expect(code).toBe(1);
      expect(outputLines(cli).join('\n')).toContain(`address 127.0.0.1:${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('invalid configuration exits 2 naming the value; --help exits 0', async () => {
    const d = await setup();
    const bad = startCli(d, ['--port', 'abc', '--scripts-root', d.root]);
    const help = startCli(d, ['--help']);
    expect((await bad.exited).code).toBe(2);
    expect(outputLines(bad).join('\n')).toMatch(/--port must be an integer/);
    expect((await help.exited).code).toBe(0);
    expect(outputLines(help).join('\n')).toMatch(/--scripts-root <dir>/);
  });
});
