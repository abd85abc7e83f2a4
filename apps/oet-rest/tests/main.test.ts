import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const scripts = path.join(appDir, 'scripts');

interface Summary {
  id: number;
  state: string;
  script: { script_uri: string };
  history: { stacktrace: string | null };
}

async function json<T>(url: string, method = 'GET', body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('oet-rest app', () => {
  let home: string;
  let child: ReturnType<typeof spawn>;
  let url: string;
  let exit: Promise<unknown[]>;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'oet-rest-app-'));
    child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', '--port', '0'], {
      cwd: appDir,
      env: { ...process.env, HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), OET_STOP_GRACE_MS: '300' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exit = once(child, 'exit');
    url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.includes('OET REST server listening')) resolve((JSON.parse(line) as { url: string }).url);
      });
      void exit.then(() => reject(new Error('oet-rest exited before listening')));
    });
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(home, { recursive: true, force: true });
  });

  it('serves /health with the project oet.ini flags', async () => {
    const health = await json<Record<string, unknown>>(`${url}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', flags: { read_via_pubsub: false }, flags_source: path.join(appDir, 'oet.ini') });
  });

  it('runs the example scripts: hello completes, fail fails, spin stops with abort running abort.js', async () => {
    const create = async (file: string, kwargs: Record<string, unknown> = { subarray_id: 1 }) => {
      const res = await json<Summary>(`${url}/procedures/`, 'POST', {
        script: { script_type: 'filesystem', script_uri: `file://${path.join(scripts, file)}` },
        script_args: { init: { args: [], kwargs } },
      });
      expect(res.status).toBe(201);
      return until(() => json<Summary>(`${url}/procedures/${res.body.id}`).then((r) => r.body), (p) => p.state === 'READY');
    };
    const state = (id: number, states: string[]) => until(() => json<Summary>(`${url}/procedures/${id}`).then((r) => r.body), (p) => states.includes(p.state));

    const hello = await create('hello.js');
    await json(`${url}/procedures/${hello.id}`, 'PUT', { state: 'RUNNING' });
    expect((await state(hello.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');

    const progress = await create('progress.js', { subarray_id: 2 });
    await json(`${url}/procedures/${progress.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { scans: 2, interval_ms: 10 } } } });
    expect((await state(progress.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');

    const typescript = await create('hello.ts', { subarray_id: 3 });
    await json(`${url}/procedures/${typescript.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { name: 'TypeScript' } } } });
    expect((await state(typescript.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');

    const fail = await create('fail.js');
    await json(`${url}/procedures/${fail.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { raise_msg: 'on purpose' } } } });
    expect((await state(fail.id, ['COMPLETE', 'FAILED'])).history.stacktrace).toMatch(/failing: on purpose/);

    const spin = await create('spin.js', { subarray_id: 4 });
    await json(`${url}/procedures/${spin.id}`, 'PUT', { state: 'RUNNING' });
    const stopped = await json<{ abort_message: string }>(`${url}/procedures/${spin.id}`, 'PUT', { state: 'STOPPED', abort: true });
    expect(stopped.body.abort_message).toBe(`Successfully stopped script with ID ${spin.id} and aborted subarray activity`);
    const list = await json<Summary[]>(`${url}/procedures/`);
    const aborter = list.body.find((p) => p.script.script_uri.endsWith('/abort.js'))!;
    expect((await state(aborter.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
  }, 30_000);

  it('exits cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await exit;
    expect(code).toBe(0);
  });
});
