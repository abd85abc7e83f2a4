import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_NODE_ARGS, startProcess, waitForProcedureState, type TestProcess } from '@observatory/test-utils';
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

describe('oet-rest app', () => {
  let home: string;
  let app: TestProcess | undefined;
  let url: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'oet-rest-app-'));
    app = startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', '--port', '0'], {
      cwd: appDir,
      env: { HOME: home, OET_CACHE_DIR: path.join(home, 'cache'), OET_STOP_GRACE_MS: '300' },
    });
    const [line] = await app.waitForLine(/^.*OET REST server listening.*$/m, { timeoutMs: 30_000 });
    url = (JSON.parse(line) as { url: string }).url;
  }, 30_000);

  afterAll(async () => {
    await app?.close({ signal: 'SIGKILL' }); // undefined when beforeAll failed early
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
      return waitForProcedureState<Summary>(url, res.body.id, ['READY'], { timeoutMs: 15_000 });
    };
    const state = (id: number, states: string[]) => waitForProcedureState<Summary>(url, id, states, { timeoutMs: 15_000 });

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
    app!.kill('SIGTERM');
    const { code } = await app!.waitForExit(15_000);
    expect(code).toBe(0);
  });
});
