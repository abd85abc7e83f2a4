import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, create, createBody, createReady, startTestServer, waitForState, type TestServer } from './helpers.js';

type Detail = { detail: string | Array<{ type: string; loc: Array<string | number>; msg: string }> };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ requestTimeoutMs: 600 });
});
afterAll(async () => {
  await t?.close();
});

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Sends raw bytes on a fresh connection and collects everything until the server closes it. */
async function rawExchange(port: number, request: string, options: { keepOpen?: boolean } = {}): Promise<string> {
  const socket: Socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
  socket.write(request);
  if (!options.keepOpen) socket.end();
  await once(socket, 'close', { signal: AbortSignal.timeout(15_000) });
  return answer;
}

describe('(item 1) request bodies nested deeper than the limit', () => {
  it('a deep script_args on create is 422 naming the limit; the server and listing live on', async () => {
    const body = `{"script":{"script_type":"filesystem","script_uri":"file://${t.root}/hello.js"},"script_args":{"init":{"args":${nested(5000)}}}}`;
    const res = await call<Detail>(`${t.url}/procedures/`, 'POST', body);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([{ type: 'value_error', loc: ['body'], msg: 'JSON nesting exceeds the limit of 64 levels' }]);
    expect((await call(`${t.url}/procedures/`)).status).toBe(200);
  });

  it('a deep main on start is 422; the procedure stays READY and every list still answers', async () => {
    const p = await createReady(t, 'hello.js', { subarray_id: 41 });
    const res = await call<Detail>(`${t.url}/procedures/${p.id}`, 'PUT', `{"state":"RUNNING","script_args":{"main":{"args":${nested(5000)}}}}`);
    expect(res.status).toBe(422);
    expect((await call<ProcedureSummary>(`${t.url}/procedures/${p.id}`)).body.state).toBe('READY');
    expect((await call(`${t.url}/procedures/`)).status).toBe(200);
    // the slot was never taken: a normal start works
    expect((await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' })).status).toBe(200);
    await waitForState(t.url, p.id, ['COMPLETE']);
  });

  it('brackets inside strings do not count, and 64 levels are accepted', async () => {
    const init = { args: [JSON.parse(nested(60)) as unknown, '[[[[[[[['.repeat(100)], kwargs: {} };
    const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', { ...createBody(t.root, 'hello.js'), script_args: { init } });
    expect(res.status).toBe(201);
    await waitForState(t.url, res.body.id, ['READY']);
  });
});

describe('(item 2) long file:// paths', () => {
  it('a path over PATH_MAX is 422 before any resolution; the server keeps answering', async () => {
    const long = `file://${t.root}/${'a/'.repeat(40_000)}x.js`;
    const res = await call<Detail>(`${t.url}/procedures/`, 'POST', { script: { script_type: 'filesystem', script_uri: long } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.detail)).toContain('PATH_MAX');
    expect((await call(`${t.url}/health`)).status).toBe(200);
  });

  it('a path just under PATH_MAX still gets the roots check (403 outside)', async () => {
    const res = await call<Detail>(`${t.url}/procedures/`, 'POST', { script: { script_type: 'filesystem', script_uri: `file:///${'b/'.repeat(1500)}x.js` } });
    expect(res.status).toBe(403);
  });
});

describe('(item 9) ids, methods and error bodies', () => {
  it.each(['1e3', '0x10', '1.0', '+1', '-1', ' 1', '99999999999999999999'])('id %j is 422 int_parsing', async (id) => {
    const res = await call<Detail>(`${t.url}/procedures/${encodeURIComponent(id)}`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ type: 'int_parsing', loc: ['path', 'id'] })]);
  });

  it('a plain decimal id is looked up (404 when unknown)', async () => {
    expect((await call(`${t.url}/procedures/1000`)).status).toBe(404);
  });

  it('a wrong method on an existing path is 405 with Allow and a detail; unknown paths stay 404', async () => {
    const p = await create(t, 'no-init.js');
    for (const [method, path, allow] of [
      ['DELETE', `/procedures/${p.id}`, 'GET, HEAD, PUT'],
      ['PATCH', '/procedures', 'GET, HEAD, POST'],
      ['POST', '/stream', 'GET, HEAD'],
    ] as const) {
      const res = await fetch(`${t.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(((await res.json()) as Detail).detail).toContain('Method Not Allowed');
    }
    const missing = await fetch(`${t.url}/nothing-here`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: expect.stringContaining('Not Found') });
  });

  it('oversized headers get 431 with a {"detail"} body', async () => {
    const port = new URL(t.url).port;
    const answer = await rawExchange(Number(port), `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ detail: 'Request Header Fields Too Large' });
  });

  it('a trickled request body is cut off with 408 {"detail"} instead of being held forever', async () => {
    const port = Number(new URL(t.url).port);
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
    socket.write(`POST ${new URL(t.url).pathname}/procedures HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    // never send the rest: the server must close the connection by itself
    await once(socket, 'close', { signal: AbortSignal.timeout(15_000) });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ detail: 'Request Timeout' });
  });
});
