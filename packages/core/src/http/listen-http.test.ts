import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { hasErrorCode } from '../errors/observatory-error.js';
import { httpUrl, listenHttp, type ListenableHttpApp } from './listen-http.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** A plain node:http server shaped like the part of fastify listenHttp uses. */
function app(): ListenableHttpApp & { server: Server } {
  const server = createServer((_req, res) => res.end('ok'));
  servers.push(server);
  return {
    server,
    listen: ({ host, port }) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port }, () => resolve(undefined));
      }),
  };
}

describe('listenHttp', () => {
  test('resolves with the bound port and a URL that answers', async () => {
    const bound = await listenHttp(app(), { host: '127.0.0.1', port: 0 });
    expect(bound.port).toBeGreaterThan(0);
    expect(bound.address.address).toBe('127.0.0.1');
    expect(bound.url).toBe(`http://127.0.0.1:${bound.port}`);
    const res = await fetch(bound.url, { signal: AbortSignal.timeout(5000) });
    expect(await res.text()).toBe('ok');
  });

  test('a taken port is CORE_ADDRESS_IN_USE', async () => {
    const first = await listenHttp(app(), { host: '127.0.0.1', port: 0 });
    const err: unknown = await listenHttp(app(), { host: '127.0.0.1', port: first.port }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'CORE_ADDRESS_IN_USE')).toBe(true);
  });

  test('httpUrl brackets IPv6 literals', () => {
    expect(httpUrl('::1', 80)).toBe('http://[::1]:80');
    expect(httpUrl('localhost', 8080)).toBe('http://localhost:8080');
    const info: AddressInfo = { address: '::1', family: 'IPv6', port: 1 };
    expect(httpUrl(info.address, info.port)).toBe('http://[::1]:1');
  });
});
