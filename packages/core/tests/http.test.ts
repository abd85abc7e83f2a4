import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, HttpJsonClient, HttpTimeoutError, HttpUnreachableError, InvalidResponseError, openEventStream, type SseEvent } from '../src/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function jsonClient(baseUrl: string, options: Partial<ConstructorParameters<typeof HttpJsonClient>[0]> = {}): HttpJsonClient {
  const client = new HttpJsonClient({ baseUrl, ...options });
  cleanups.push(() => client.close());
  return client;
}

describe('HttpJsonClient', () => {
  it('sends JSON bodies and query strings below the base path and parses JSON replies', async () => {
    const { url } = await httpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => json(res, 200, { method: req.method, url: req.url, type: req.headers['content-type'], body: body ? JSON.parse(body) : null }));
    });
    const client = jsonClient(`${url}/api/v7/`);
    expect(await client.post('/procedures', { a: 1 }, { query: { x: 'y z', skip: undefined } })).toEqual({
      method: 'POST',
      url: '/api/v7/procedures?x=y+z',
      type: 'application/json',
      body: { a: 1 },
    });
    expect(await client.get('items')).toMatchObject({ method: 'GET', url: '/api/v7/items', body: null });
  });

  it.each([undefined, '', 'not a url', 'ftp://host/x'])('refuses the base URL %s with ConfigError', (baseUrl) => {
    expect(() => new HttpJsonClient({ baseUrl: baseUrl as string })).toThrow(/baseUrl must be an absolute http\(s\) URL/);
  });

  it('turns a 4xx into HttpError carrying the server detail', async () => {
    const { url } = await httpServer((_req, res) => json(res, 404, { type: 'ResourceNotFound', detail: 'No procedure with ID 7' }));
    const error = await jsonClient(url).get('/procedures/7').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'CORE_HTTP_ERROR', status: 404, detail: 'No procedure with ID 7' });
    expect((error as HttpError).message).toMatch(/failed with 404: No procedure with ID 7/);
  });

  it('uses a plain-text error body as the detail', async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('kaput');
    });
    await expect(jsonClient(url).get('/')).rejects.toMatchObject({ status: 500, detail: 'kaput' });
  });

  it('rejects a 2xx that is not JSON with InvalidResponseError', async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>');
    });
    await expect(jsonClient(url).get('/')).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('says HttpUnreachableError when nothing listens', async () => {
    const { server, url } = await httpServer(() => undefined);
    await new Promise((r) => server.close(r));
    await expect(jsonClient(url).get('/')).rejects.toBeInstanceOf(HttpUnreachableError);
  });

  it('says HttpTimeoutError when the headers do not come in time', async () => {
    const { url } = await httpServer(() => undefined); // never answers
    await expect(jsonClient(url, { headersTimeoutMs: 100 }).get('/')).rejects.toBeInstanceOf(HttpTimeoutError);
  });
});

describe('openEventStream', () => {
  it('reads events and reconnects with Last-Event-ID after a drop, losing and repeating nothing', async () => {
    const lastIds: Array<string | undefined> = [];
    const { url } = await httpServer((req, res) => {
      const last = req.headers['last-event-id'] as string | undefined;
      lastIds.push(last);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const from = last ? Number(last) + 1 : 1;
      res.write('retry: 20\n\n');
      // Each connection sends three events (one multi-line, one split mid-field) and then drops.
      for (let id = from; id < from + 3 && id <= 7; id++) {
        if (id % 2 === 0) {
          res.write(`id: ${id}\nevent: tick\ndata: line one ${id}\n`);
          res.write(`data: line two\n\n`);
        } else {
          res.write(`: heartbeat\nid: ${id}\nevent: tick\nda`);
          res.write(`ta: é${id}\n\n`);
        }
      }
      if (from > 7) res.write('event: end\ndata: bye\n\n');
      res.end();
    });
    const events: SseEvent[] = [];
    const controller = new AbortController();
    const stream = openEventStream(`${url}/stream`, { signal: controller.signal, retryMs: 10 });
    for await (const event of stream) {
      events.push(event);
      if (event.event === 'end') break;
    }
    expect(events.filter((e) => e.event === 'tick').map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(events[0]).toEqual({ id: '1', event: 'tick', data: 'é1' });
    expect(events[1]).toEqual({ id: '2', event: 'tick', data: 'line one 2\nline two' });
    expect(lastIds).toEqual([undefined, '3', '6', '7']);
    expect(stream.lastEventId).toBe('7');
  });

  it('starts from a given lastEventId and stops when aborted', async () => {
    const seen: Array<string | undefined> = [];
    const { url } = await httpServer((req, res) => {
      seen.push(req.headers['last-event-id'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('id: 42\ndata: x\n\n'); // and keep the stream open
    });
    const controller = new AbortController();
    const got: SseEvent[] = [];
    for await (const event of openEventStream(url, { lastEventId: '41', signal: controller.signal })) {
      got.push(event);
      controller.abort();
    }
    expect(seen).toEqual(['41']);
    expect(got).toEqual([{ id: '42', event: 'message', data: 'x' }]);
  });

  it('reports opens and drops through onOpen and onDrop', async () => {
    let connections = 0;
    const { url } = await httpServer((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connections === 1) res.end('id: 1\ndata: a\n\n');
      else res.write('id: 2\ndata: b\n\n');
    });
    const log: string[] = [];
    const controller = new AbortController();
    for await (const event of openEventStream(url, {
      signal: controller.signal,
      retryMs: 5,
      onOpen: () => log.push('open'),
      onDrop: (err) => log.push(`drop:${(err as Error & { code: string }).code}`),
    })) {
      log.push(`event:${event.data}`);
      if (event.id === '2') controller.abort();
    }
    expect(log).toEqual(['open', 'event:a', 'drop:CORE_CONNECTION_CLOSED', 'open', 'event:b']);
  });

  it('ends with HttpError carrying the JSON detail on a non-200 answer', async () => {
    const { url } = await httpServer((_req, res) => json(res, 400, { detail: 'bad topic' }));
    const iterate = async () => {
      for await (const _ of openEventStream(url)) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toMatchObject({ status: 400, detail: 'bad topic', body: { detail: 'bad topic' } });
  });

  it('ends with HttpError on a non-200 answer instead of retrying forever', async () => {
    const { url } = await httpServer((_req, res) => {
      res.writeHead(404);
      res.end('no stream here');
    });
    const iterate = async () => {
      for await (const _ of openEventStream(url)) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toMatchObject({ status: 404 });
  });

  it('gives up after maxReconnects when the server is gone', async () => {
    const { server, url } = await httpServer(() => undefined);
    await new Promise((r) => server.close(r));
    const iterate = async () => {
      for await (const _ of openEventStream(url, { retryMs: 5, maxReconnects: 2 })) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(HttpUnreachableError);
  });
});
