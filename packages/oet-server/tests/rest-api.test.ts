import { once } from 'node:events';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, create, createBody, createReady, startTestServer, statesOf, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

type Detail = { detail: string | Array<{ type: string; loc: Array<string | number>; msg: string }> };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ historyMax: 1000 });
});
afterAll(async () => {
  await t?.close();
});

describe.concurrent('listing and reading procedures', () => {
  it('O-REST-1: a fresh server lists [] with or without the trailing slash', async () => {
    const fresh = await startTestServer();
    try {
      expect(await call(`${fresh.url}/procedures/`)).toEqual({ status: 200, body: [] });
      expect(await call(`${fresh.url}/procedures`)).toEqual({ status: 200, body: [] });
    } finally {
      await fresh.close();
    }
  });

  it('O-REST-2, O-REST-3, O-REST-5: POST answers 201 CREATING with one history entry; uri uses the request host', async () => {
    const body = createBody(t.root, 'hello.js', { subarray_id: 3 });
    const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', body);
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('CREATING');
    expect(res.body.history.process_states).toHaveLength(1);
    expect(res.body.history.process_states[0]![0]).toBe('CREATING');
    expect(typeof res.body.history.process_states[0]![1]).toBe('number');
    expect(res.body.history.stacktrace).toBeNull();
    expect(res.body.script).toEqual(body.script);
    expect(res.body.script_args).toEqual({ init: { args: [], kwargs: { subarray_id: 3 } } });
    const port = new URL(t.url).port;
    const viaLocalhost = await call<ProcedureSummary>(`http://localhost:${port}/ska-oso-oet/oet/api/v7/procedures/${res.body.id}`);
    expect(viaLocalhost.body.uri).toBe(`http://localhost:${port}/ska-oso-oet/oet/api/v7/procedures/${res.body.id}`);
    const one = await waitForState(t.url, res.body.id, ['READY']);
    expect(Object.keys(one).sort()).toEqual(['history', 'id', 'script', 'script_args', 'state', 'uri']);
    expect(one.uri).toBe(`${t.url}/procedures/${one.id}`);
    for (const [state, ts] of one.history.process_states) {
      expect(typeof state).toBe('string');
      expect(ts).toBeGreaterThan(1.7e9);
    }
  });

  it('O-REST-4: unknown id is 404 with the OET text; a non-integer id is 422 int_parsing', async () => {
    expect(await call(`${t.url}/procedures/99`)).toEqual({ status: 404, body: { detail: 'No information available for PID=99' } });
    const bad = await call<Detail>(`${t.url}/procedures/abc`);
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([expect.objectContaining({ type: 'int_parsing', loc: ['path', 'id'] })]);
  });

  it('O-REST-6: ids rise from 1 and are never reused', async () => {
    const fresh = await startTestServer({ historyMax: 1 });
    try {
      const a = await create(fresh, 'no-init.js');
      const b = await create(fresh, 'throw-main.js');
      expect([a.id, b.id]).toEqual([1, 2]);
      await waitForState(fresh.url, b.id, ['READY']);
      await call(`${fresh.url}/procedures/${b.id}`, 'PUT', { state: 'RUNNING' });
      await waitForState(fresh.url, b.id, ['FAILED']);
      const c = await create(fresh, 'throw-main.js');
      expect(c.id).toBe(3);
    } finally {
      await fresh.close();
    }
  });
});

describe('create validation', () => {
  const post = (body: unknown, headers?: Record<string, string>) => call<Detail>(`${t.url}/procedures/`, 'POST', body, headers);

  it('O-REST-7: missing script_uri, unknown script_type, non-object script_args are 422 and start nothing', async () => {
    const before = (await call<unknown[]>(`${t.url}/procedures/`)).body.length;
    const missing = await post({ script: { script_type: 'filesystem' } });
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([{ type: 'missing', loc: ['body', 'script', 'script_uri'], msg: 'Field required' }]);
    const noScript = await post({});
    expect(noScript.body.detail).toEqual([{ type: 'missing', loc: ['body', 'script'], msg: 'Field required' }]);
    const unknownType = await post({ script: { script_type: 'python', script_uri: 'file:///x.js' } });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.detail).toEqual([expect.objectContaining({ type: 'enum', loc: ['body', 'script', 'script_type'] })]);
    const args = await post({ ...createBody(t.root, 'hello.js'), script_args: 'nope' });
    expect(args.status).toBe(422);
    expect(args.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'script_args'] })]);
    expect((await call<unknown[]>(`${t.url}/procedures/`)).body.length).toBe(before);
  });

  it('O-REST-8: a prefix not fitting the type is 422 "Incorrect prefix…"', async () => {
    const res = await post({ script: { script_type: 'filesystem', script_uri: 'git://x.js' } });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([{ type: 'value_error', loc: ['body', 'script', 'script_uri'], msg: 'Incorrect prefix for FileSystemScript: git://x.js' }]);
    const git = await post({ script: { script_type: 'git', script_uri: 'file:///x.js' } });
    expect(git.body.detail).toEqual([expect.objectContaining({ msg: 'Incorrect prefix for GitScript: file:///x.js' })]);
  });

  it('rejects relative paths, NUL, wrong extensions and git args starting with "-"', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ script: { script_type: 'filesystem', script_uri: 'file://hello.js' } }, /must be absolute/],
      [{ script: { script_type: 'filesystem', script_uri: `file://${t.root}/a%00.js` } }, /NUL/],
      [{ script: { script_type: 'filesystem', script_uri: `file://${t.root}/hello.py` } }, /\.js, \.mjs, \.ts or \.mts/],
      [{ script: { script_type: 'git', script_uri: 'git://x.js', git_args: { git_repo: '--upload-pack=evil' } } }, /must not start with '-'/],
      [{ script: { script_type: 'git', script_uri: 'git://x.js' } }, /git_repo is required/],
      [{ script: { script_type: 'git', script_uri: 'git://../x.js', git_args: { git_repo: '/r' } } }, /relative to the repository/],
    ];
    for (const [body, msg] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(JSON.stringify(res.body.detail)).toMatch(msg);
    }
  });

  it('O-REST-9: malformed JSON is 422 json_invalid; a wrong content type is 415', async () => {
    const bad = await post('{"script":');
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([expect.objectContaining({ type: 'json_invalid', loc: ['body', 0] })]);
    const res = await fetch(`${t.url}/procedures/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as Detail).detail).toMatch(/media type/i);
  });

  it('O-REST-10: outside the roots, "..", "%2e%2e" and escaping symlinks are 403 naming the path', async () => {
    const outside = path.join(t.tmp, 'outside.js');
    await writeFile(outside, 'export function main() {}');
    await mkdir(path.join(t.root, 'sub'), { recursive: true });
    await symlink(outside, path.join(t.root, 'sub', 'link.js'));
    const uris = [
      ['file:///etc/passwd.js', '/etc/passwd.js'],
      [`file://${t.root}/../outside.js`, outside],
      [`file://${t.root}/%2e%2e/outside.js`, outside],
      [`file://${t.root}/sub/link.js`, path.join(t.root, 'sub', 'link.js')],
    ];
    for (const [uri, shown] of uris) {
      const res = await post({ script: { script_type: 'filesystem', script_uri: uri } });
      expect(res.status, uri).toBe(403);
      expect(res.body.detail).toBe(`Script path ${shown} is outside the allowed script roots`);
    }
  });

  it('O-REST-11: a missing file inside a root is 201, then CREATING, IDLE, LOADING, FAILED with ENOENT', async () => {
    const p = await create(t, 'does-not-exist.js');
    const failed = await waitForState(t.url, p.id, ['FAILED']);
    expect(statesOf(failed)).toEqual(['CREATING', 'IDLE', 'LOADING', 'FAILED']);
    expect(failed.history.stacktrace).toMatch(/ENOENT/);
    expect(failed.history.stacktrace).toContain(path.join(t.root, 'does-not-exist.js'));
  });
});

describe('init input and update', () => {
  it('O-REST-12: init input arrives unchanged and ctx.subarrayId matches', async () => {
    const stream = await SseReader.open(`${t.url}/stream?topics=user.test.init`);
    try {
      const kwargs = { subarray_id: 2, nested: { a: [1, 'x', null] }, flag: true };
      const body = { ...createBody(t.root, 'hello.js'), script_args: { init: { args: [1, 'two'], kwargs } } };
      const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', body);
      const bare = await create(t, 'hello.js');
      await stream.waitFor((s) => s.events.length >= 2);
      const byId = new Map(stream.events.map((e) => [e.data.procedureId, e.data]));
      expect(byId.get(res.body.id)).toMatchObject({ input: { args: [1, 'two'], kwargs }, subarrayId: 2, msg_src: String(res.body.id) });
      expect(byId.get(bare.id)).toMatchObject({ input: { args: [], kwargs: {} }, subarrayId: null, flags: { read_via_pubsub: false }, env: 'false' });
    } finally {
      await stream.close();
    }
  });

  it('O-REST-15: PUT RUNNING answers RUNNING with script_args.main; no main args means empty input', async () => {
    const stream = await SseReader.open(`${t.url}/stream?topics=user.test.main`);
    try {
      const a = await createReady(t, 'hello.js', { subarray_id: 11 });
      const res = await call<ProcedureSummary>(`${t.url}/procedures/${a.id}`, 'PUT', {
        state: 'RUNNING',
        script_args: { main: { args: [5], kwargs: { scans: 2 } } },
      });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('RUNNING');
      expect(res.body.script_args.main).toEqual({ args: [5], kwargs: { scans: 2 } });
      const b = await createReady(t, 'hello.js', { subarray_id: 12 });
      const resB = await call<ProcedureSummary>(`${t.url}/procedures/${b.id}`, 'PUT', { state: 'RUNNING' });
      expect(resB.body.script_args.main).toEqual({ args: [], kwargs: {} });
      await stream.waitFor((s) => s.events.length >= 2);
      const inputs = new Map(stream.events.map((e) => [e.data.msg_src, e.data.input]));
      expect(inputs.get(String(a.id))).toEqual({ args: [5], kwargs: { scans: 2 } });
      expect(inputs.get(String(b.id))).toEqual({ args: [], kwargs: {} });
    } finally {
      await stream.close();
    }
  });

  it('O-REST-16: PUT without body is 422, unknown id 404, {} and state:null change nothing', async () => {
    const p = await createReady(t, 'no-init.js', { subarray_id: 13 });
    const noBody = await call<Detail>(`${t.url}/procedures/${p.id}`, 'PUT');
    expect(noBody.status).toBe(422);
    expect(noBody.body.detail).toEqual([{ type: 'missing', loc: ['body'], msg: 'Field required' }]);
    const emptyJson = await fetch(`${t.url}/procedures/${p.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' } });
    expect(emptyJson.status).toBe(422);
    expect((await call(`${t.url}/procedures/999`, 'PUT', { state: 'RUNNING' })).status).toBe(404);
    for (const body of [{}, { state: null }]) {
      const res = await call<ProcedureSummary>(`${t.url}/procedures/${p.id}`, 'PUT', body);
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('READY');
      expect(res.body.history.process_states).toHaveLength(p.history.process_states.length);
    }
    const wrongType = await call<Detail>(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'DANCING', abort: 'maybe' });
    expect(wrongType.status).toBe(422);
    expect(JSON.stringify(wrongType.body.detail)).toContain('abort');
  });

  it('O-REST-17: RUNNING when not READY is 409', async () => {
    const p = await create(t, 'does-not-exist-either.js');
    await waitForState(t.url, p.id, ['FAILED']);
    const res = await call<Detail>(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' });
    expect(res).toEqual({ status: 409, body: { detail: `Cannot start PID ${p.id}: state is FAILED, expected READY` } });
  });
});

describe('SSE stream', () => {
  it('O-REST-32: answers at once with a lone newline, then id:/data:/blank frames with increasing ids', async () => {
    const stream = await SseReader.open(`${t.url}/stream`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
      await stream.waitFor((s) => s.raw.length > 0);
      expect(stream.raw.startsWith('\n')).toBe(true);
      const p = await create(t, 'no-init.js');
      await stream.waitFor((s) => s.events.some((e) => e.data.msg_src === String(p.id) && e.data.new_state === 'READY'));
      const frames = stream.raw.slice(1).split('\n\n').filter(Boolean);
      for (const f of frames) expect(f).toMatch(/^id:\d+\ndata:\{.*\}$/);
      const ids = stream.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(stream.events[0]!.data).toEqual({ msg_src: String(p.id), new_state: 'CREATING', topic: 'procedure.lifecycle.statechange' });
    } finally {
      await stream.close();
    }
  });

  it('O-REST-33: Last-Event-ID replays missed events once, in order; ?topics= filters replay and live', async () => {
    const first = await SseReader.open(`${t.url}/stream`);
    const p = await create(t, 'no-init.js');
    await first.waitFor((s) => s.events.some((e) => e.data.msg_src === String(p.id) && e.data.new_state === 'IDLE'));
    const lastSeen = first.events.find((e) => e.data.msg_src === String(p.id) && e.data.new_state === 'CREATING')!.id;
    await first.waitFor((s) => s.events.some((e) => e.data.msg_src === String(p.id) && e.data.new_state === 'READY'));
    await first.close();
    const missed = first.events.filter((e) => e.id > lastSeen).map((e) => e.id);

    const replay = await SseReader.open(`${t.url}/stream`, { 'last-event-id': String(lastSeen) });
    try {
      await replay.waitFor((s) => s.events.length >= missed.length);
      expect(replay.events.map((e) => e.id).slice(0, missed.length)).toEqual(missed);
      const q = await create(t, 'no-init.js');
      await replay.waitFor((s) => s.events.some((e) => e.data.msg_src === String(q.id) && e.data.new_state === 'READY'));
      const ids = replay.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await replay.close();
    }

    const filtered = await SseReader.open(`${t.url}/stream?topics=procedure.lifecycle.created`, { 'last-event-id': String(lastSeen) });
    try {
      await filtered.waitFor((s) => s.events.length >= 1);
      const r = await create(t, 'no-init.js');
      await filtered.waitFor((s) => s.events.some((e) => (e.data.result as ProcedureSummary | undefined)?.id === r.id));
      expect(new Set(filtered.topics())).toEqual(new Set(['procedure.lifecycle.created']));
    } finally {
      await filtered.close();
    }
  });

  it('O-REST-34: idle streams get heartbeats within the interval', async () => {
    const quick = await startTestServer({ sseHeartbeatMs: 100 });
    const stream = await SseReader.open(`${quick.url}/stream`);
    try {
      await stream.waitFor((s) => s.raw.includes(': heartbeat\n\n'), 2000);
      expect(stream.events).toHaveLength(0);
    } finally {
      await stream.close();
      await quick.close();
    }
  });

  it('O-REST-31: ctx.publish reaches /stream with msg_src = pid; reserved topics and non-JSON payloads throw', async () => {
    const stream = await SseReader.open(`${t.url}/stream?topics=user`);
    try {
      const p = await createReady(t, 'publish.js', { subarray_id: 31 });
      await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { msg: 'scan 1' } } } });
      await stream.waitFor((s) => s.topics().includes('user.test.checks'));
      const announce = stream.events.find((e) => e.data.topic === 'user.script.announce')!;
      expect(announce.data).toEqual({ msg_src: String(p.id), msg: 'scan 1', topic: 'user.script.announce' });
      const checks = stream.events.find((e) => e.data.topic === 'user.test.checks')!.data;
      expect(checks.reserved).toMatch(/^TypeError: .*reserved/);
      expect(checks.nonJson).toBe('TypeError');
    } finally {
      await stream.close();
    }
  });
});

describe('script events', () => {
  it('drops events a script forges on the IPC channel (reserved topics, non-object payloads)', async () => {
    const stream = await SseReader.open(`${t.url}/stream`);
    try {
      const p = await createReady(t, 'forge.js', { subarray_id: 77 });
      await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' });
      await stream.waitFor((s) => s.topics().includes('user.test.done'));
      await waitForState(t.url, p.id, ['COMPLETE']);
      const ours = (e: { data: Record<string, unknown> }) =>
        e.data.msg_src === String(p.id) || (e.data.result as ProcedureSummary | undefined)?.id === p.id;
      await stream.waitFor((s) => s.events.some((e) => e.data.topic === 'procedure.lifecycle.complete' && ours(e)));
      // the only "complete" event is the server's: msg_src SESWorker with the summary
      const forged = stream.events.filter((e) => e.data.topic === 'procedure.lifecycle.complete' && e.data.result === undefined);
      expect(forged).toHaveLength(0);
      expect(stream.topics()).not.toContain('user.forged');
    } finally {
      await stream.close();
    }
  });
});

describe('slow stream clients', () => {
  it('cuts a client that stops reading instead of queueing without bound; others keep being served', async () => {
    const s = await startTestServer({ sseMaxQueuedEvents: 50 });
    const { port } = new URL(s.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    try {
      await once(socket, 'connect');
      socket.write(`GET ${new URL(s.url).pathname}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
      socket.pause(); // never read: the server's writes back up
      const closed = once(socket, 'close');
      const p = await createReady(s, 'flood.js', { subarray_id: 1 });
      await call(`${s.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs: { n: 20000 } } } });
      expect((await waitForState(s.url, p.id, ['COMPLETE'])).state).toBe('COMPLETE');
      // reading again drains what the kernel held, then meets the end the server forced (a live
      // stream would stay open forever)
      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.on('error', () => undefined);
      socket.resume();
      await closed;
      expect(received).toBeLessThan(20000 * 1024);
      expect((await call(`${s.url}/health`)).status).toBe(200);
    } finally {
      socket.destroy();
      await s.close();
    }
  });
});

describe('other routes', () => {
  it('serves /health under the base path and at the root, and an OpenAPI document', async () => {
    const health = await call<Record<string, unknown>>(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', flags: { read_via_pubsub: false }, flags_source: 'defaults' });
    const root = await call(`${new URL(t.url).origin}/health`);
    expect(root.status).toBe(200);
    const doc = await call<{ openapi: string; paths: Record<string, unknown> }>(`${t.url}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/ska-oso-oet/oet/api/v7/procedures/', '/ska-oso-oet/oet/api/v7/procedures/{id}']));
  });

  it('without an ODA, activities list empty and running one is 503; unknown routes are 404 with a detail', async () => {
    expect(await call(`${t.url}/activities/`)).toEqual({ status: 200, body: [] });
    expect((await call(`${t.url}/activities/3`)).status).toBe(404);
    const run = await call<Detail>(`${t.url}/activities/`, 'POST', { sbd_id: 'sbd-x-1', activity_name: 'observe' });
    expect(run.status).toBe(503);
    expect(run.body.detail).toMatch(/No ODA is configured/);
    const nf = await call<Detail>(`${t.url}/nothing`);
    expect(nf.status).toBe(404);
    expect(nf.body.detail).toMatch(/Not Found/);
  });
});
