import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createBody, createReady, startTestServer, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const REBINDING = `
export let main = () => { throw new Error('main called before init bound it'); };
export function init({ kwargs }) {
  const id = kwargs.subarray_id;
  main = (_input, ctx) => ctx.publish('user.test.rebound', { how: 'export let', id });
}
`;
const RETURNING = `
export function init({ kwargs }) {
  return { main: (input, ctx) => ctx.publish('user.test.rebound', { how: 'returned', id: kwargs.subarray_id, input }) };
}
export function main() { throw new Error('the exported main must not run'); }
`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ historyMax: 100 });
  await writeFile(path.join(t.root, 'rebinding.js'), REBINDING);
  await writeFile(path.join(t.root, 'returning.js'), RETURNING);
});
afterAll(async () => {
  await t?.close();
});

const raw = async (url: string, method: string, body: string): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(url, { method, body: Buffer.from(body) }); // bytes: fetch adds no Content-Type
  return { status: res.status, body: await res.json() };
};

describe('OET 7.0 fidelity', () => {
  it('script_args.init is always present; main appears only once called', async () => {
    const bare = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', createBody(t.root, 'no-init.js'));
    expect(bare.body.script_args).toEqual({ init: { args: [], kwargs: {} } });
    const withMain = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', {
      ...createBody(t.root, 'no-init.js'),
      script_args: { main: { args: [1], kwargs: { x: 1 } } },
    });
    expect(withMain.body.script_args).toEqual({ init: { args: [], kwargs: {} } });
    await waitForState(t.url, withMain.body.id, ['READY']);
    const started = await call<ProcedureSummary>(`${t.url}/procedures/${withMain.body.id}`, 'PUT', {
      state: 'RUNNING',
      script_args: { main: { kwargs: { y: 2 } } },
    });
    expect(started.body.script_args).toEqual({ init: { args: [], kwargs: {} }, main: { args: [], kwargs: { y: 2 } } });
    await waitForState(t.url, bare.body.id, ['READY']);
  });

  it('a POST or PUT without Content-Type is read as JSON; another content type is still 415', async () => {
    const created = await raw(`${t.url}/procedures/`, 'POST', JSON.stringify(createBody(t.root, 'no-init.js', { subarray_id: 11 })));
    expect(created.status).toBe(201);
    const id = (created.body as ProcedureSummary).id;
    await waitForState(t.url, id, ['READY']);
    const put = await raw(`${t.url}/procedures/${id}`, 'PUT', JSON.stringify({ state: 'RUNNING' }));
    expect(put.status).toBe(200);
    expect((put.body as ProcedureSummary).state).toBe('RUNNING');
    const xml = await call(`${t.url}/procedures/`, 'POST', '<x/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
  });

  it('PUT with any other valid state is a 200 no-op; an unknown state is 422', async () => {
    const p = await createReady(t, 'no-init.js', { subarray_id: 12 });
    for (const state of ['READY', 'COMPLETE', 'IDLE']) {
      const res = await call<ProcedureSummary>(`${t.url}/procedures/${p.id}`, 'PUT', { state });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('READY');
      expect(res.body.history).toEqual(p.history);
    }
    const bad = await call<{ detail: Array<{ loc: unknown[] }> }>(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'BOGUS' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toHaveLength(1);
    expect(bad.body.detail[0]!.loc).toEqual(['body', 'state']);
  });

  it('git:///path (leading slash) is a path from the repository root, as in OET', async () => {
    const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', {
      script: { script_type: 'git', script_uri: 'git:///scripts/test.js', git_args: { git_repo: 'https://example.invalid/obs/scripts.git' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.script.script_uri).toBe('git:///scripts/test.js');
    await waitForState(t.url, res.body.id, ['FAILED']); // nothing to clone from here
  });

  it('abort takes subarray_id from the main call too, and refuses conflicting values', async () => {
    const sse = await SseReader.open(`${t.url}/stream?topics=user.test.abort`);
    try {
      const p = await createReady(t, 'wait-file.js');
      await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { gate: path.join(t.tmp, 'never'), subarray_id: 7 } } } });
      const stopped = await call<{ abort_message: string }>(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'STOPPED', abort: true });
      expect(stopped.body.abort_message).toBe(`Successfully stopped script with ID ${p.id} and aborted subarray activity`);
      await sse.waitFor((r) => r.events.some((e) => e.data.topic === 'user.test.abort.main'));
      expect(sse.events.find((e) => e.data.topic === 'user.test.abort.init')!.data).toMatchObject({ subarray_id: 7 });
    } finally {
      await sse.close();
    }
    const q = await createReady(t, 'wait-file.js', { subarray_id: 8 });
    await call(`${t.url}/procedures/${q.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { gate: path.join(t.tmp, 'never'), subarray_id: 9 } } } });
    const conflict = await call<{ detail: Array<{ msg: string }> }>(`${t.url}/procedures/${q.id}`, 'PUT', { state: 'STOPPED', abort: true });
    expect(conflict.status).toBe(422);
    expect(conflict.body.detail[0]!.msg).toContain('Conflicting subarray IDs');
    expect((await call<ProcedureSummary>(`${t.url}/procedures/${q.id}`)).body.state).toBe('RUNNING'); // a refused abort stops nothing
    await call(`${t.url}/procedures/${q.id}`, 'PUT', { state: 'STOPPED' });
  });

  it.each([
    ['rebinding.js', 'export let'],
    ['returning.js', 'returned'],
  ])('init may replace main (%s: %s)', async (file, how) => {
    const sse = await SseReader.open(`${t.url}/stream?topics=user.test.rebound`);
    try {
      const p = await createReady(t, file, { subarray_id: 20 + file.length });
      await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { args: ['a'], kwargs: {} } } });
      expect((await waitForState(t.url, p.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
      await sse.waitFor((r) => r.events.length === 1);
      expect(sse.events[0]!.data).toMatchObject({ how, id: 20 + file.length });
    } finally {
      await sse.close();
    }
  });
});

describe('OpenAPI and Swagger UI', () => {
  it('serves Swagger UI at {base}/ui with its assets from the package', async () => {
    const page = await fetch(`${t.url}/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^https?:/); // no CDN
      const res = await fetch(new URL(asset, page.url));
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    const spec = await fetch(`${t.url}/ui/json`);
    expect(spec.status).toBe(200);
  });

  it('documents every route with tags, summaries, operationIds and component schemas', async () => {
    const doc = (await call<{
      tags: Array<{ name: string }>;
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; summary?: string }>>;
      components: { schemas: Record<string, unknown> };
    }>(`${t.url}/openapi.json`)).body;
    expect(doc.tags.map((x) => x.name)).toEqual(expect.arrayContaining(['procedures', 'activities', 'sbds']));
    const ops = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = ops.map((o) => o.operationId);
    expect(ids).toEqual(expect.arrayContaining(['listProcedures', 'createProcedure', 'getProcedure', 'updateProcedure', 'listActivities', 'runActivity', 'getActivity', 'listSbds', 'getSbd']));
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops) {
      expect(op.tags?.length, op.operationId).toBeGreaterThan(0);
      expect(op.summary, op.operationId).toBeTruthy();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ProcedureSummary', 'ProcedureCreate', 'ActivitySummary', 'ActivityRequest', 'FunctionArgs']));
    expect(JSON.stringify(doc.paths)).toContain('#/components/schemas/ActivitySummary');
  });
});
