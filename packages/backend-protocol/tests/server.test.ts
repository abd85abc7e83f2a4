import { createServer } from 'node:net';
import { AddressInUseError } from '@observatory/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RawConnection } from '../src/conformance/index.js';
import { HandlerError, createBackendServer, reply, type BackendServer, type Handler, type Message } from '../src/index.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function serve(handler: Handler, options: Partial<ConstructorParameters<typeof BackendServer>[0]> = {}) {
  const server = createBackendServer({ handler, port: 0, closeGraceMs: 200, ...options });
  const { host, port } = await server.listen();
  cleanups.push(() => server.close());
  return { server, host, port };
}

async function connect(host: string, port: number) {
  const conn = await RawConnection.open(host, port);
  cleanups.push(() => conn.destroy());
  expect(await conn.readLine()).toMatch(/^!version,ok,1\.[234]$/);
  return conn;
}

describe('BackendServer', () => {
  test('handler errors: HandlerError text (CR/LF → space), anything else generic', async () => {
    const handler: Handler = {
      handle(m: Message) {
        if (m.name === 'multi') throw new HandlerError('line one\r\nline two');
        if (m.name === 'type') throw new TypeError('boom');
        if (m.name === 'euro') return reply('euro', 'ok', ['€']);
        if (m.name === 'other') return reply('different', 'ok');
        if (m.name === 'undef') return undefined as unknown as Message;
        return reply(m.name, 'ok', m.args);
      },
    };
    const { host, port } = await serve(handler);
    const conn = await connect(host, port);
    await conn.write('?multi\r\n?type\r\n?euro\r\n?other\r\n?undef\r\n?echo,a,b\r\n');
    expect(await conn.readLine()).toBe('!multi,fail,line one  line two');
    expect(await conn.readLine()).toBe('!type,fail,Request could not be handled correctly');
    expect(await conn.readLine()).toBe('!euro,fail,Request could not be handled correctly');
    expect(await conn.readLine()).toBe('!other,fail,Request could not be handled correctly');
    expect(await conn.readLine()).toBe('!undef,fail,Request could not be handled correctly');
    expect(await conn.readLine()).toBe('!echo,ok,a,b');
  });

  test('async handlers keep replies in request order per connection', async () => {
    const handler: Handler = {
      async handle(m: Message) {
        const delay = Number(m.args[0] ?? 0);
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (m.name === 'reject') throw new Error('rejected');
        return reply(m.name, 'ok', m.args);
      },
    };
    const { host, port } = await serve(handler);
    const conn = await connect(host, port);
    await conn.write('?a,30\r\n?b,0\r\n?reject,10\r\n?c,0\r\n');
    expect(await conn.readLine()).toBe('!a,ok,30');
    expect(await conn.readLine()).toBe('!b,ok,0');
    expect(await conn.readLine()).toBe('!reject,fail,Request could not be handled correctly');
    expect(await conn.readLine()).toBe('!c,ok,0');
  });

  test('requestTimeoutMs answers the generic fail for a handler that never settles; other connections unaffected', async () => {
    const handler: Handler = {
      handle(m: Message) {
        if (m.name === 'hang') return new Promise<Message>(() => undefined);
        return reply(m.name, 'ok');
      },
    };
    const { host, port } = await serve(handler, { requestTimeoutMs: 50 });
    const a = await connect(host, port);
    const b = await connect(host, port);
    await a.write('?hang\r\n?next\r\n');
    await b.write('?other\r\n');
    expect(await b.readLine()).toBe('!other,ok');
    expect(await a.readLine()).toBe('!hang,fail,Request could not be handled correctly');
    expect(await a.readLine()).toBe('!next,ok');
  });

  test('one handler serves every connection; start/stop hooks run on listen/close', async () => {
    const events: string[] = [];
    let count = 0;
    const handler: Handler = {
      start: () => void events.push('start'),
      stop: () => void events.push('stop'),
      handle: (m) => reply(m.name, 'ok', [String(++count)]),
    };
    const server = createBackendServer({ handler, port: 0, closeGraceMs: 200 });
    const { host, port } = await server.listen();
    expect(events).toEqual(['start']);
    const a = await connect(host, port);
    const b = await connect(host, port);
    expect(server.connectionCount).toBe(2);
    await a.write('?n\r\n');
    expect(await a.readLine()).toBe('!n,ok,1');
    await b.write('?n\r\n');
    expect(await b.readLine()).toBe('!n,ok,2');
    await Promise.all([server.close(), server.close()]);
    expect(events).toEqual(['start', 'stop']);
    await a.waitClosed();
    await b.waitClosed();
  });

  test('protocolVersion sets the greeting; an unknown version is a typed error', async () => {
    const { host, port } = await serve({ handle: (m) => reply(m.name, 'ok') }, { protocolVersion: '1.2' });
    const conn = await RawConnection.open(host, port);
    cleanups.push(() => conn.destroy());
    expect(await conn.readLine()).toBe('!version,ok,1.2');
    expect(() => createBackendServer({ handler: { handle: (m) => m }, port: 0, protocolVersion: '2.0' as never })).toThrow(
      expect.objectContaining({ code: 'DISCOS_UNSUPPORTED_PROTOCOL_VERSION' }),
    );
  });

  test('maxLineBytes is configurable', async () => {
    const { host, port } = await serve({ handle: (m) => reply(m.name, 'ok') }, { maxLineBytes: 10 });
    const ok = await connect(host, port);
    await ok.write('?abcdefghi\r\n');
    expect(await ok.readLine()).toBe('!abcdefghi,ok');
    await ok.write('?abcdefghij\r\n');
    await ok.waitClosed();
  });

  test('a busy port is AddressInUseError', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const server = createBackendServer({ handler: { handle: (m) => m }, port });
    await expect(server.listen()).rejects.toBeInstanceOf(AddressInUseError);
    await server.close();
  });

  test('binds 127.0.0.1 by default', async () => {
    const { server } = await serve({ handle: (m) => reply(m.name, 'ok') });
    expect(server.address().host).toBe('127.0.0.1');
  });

  test('idleTimeoutMs closes idle connections', async () => {
    const { host, port } = await serve({ handle: (m) => reply(m.name, 'ok') }, { idleTimeoutMs: 50 });
    const conn = await connect(host, port);
    await conn.waitClosed(3000);
    expect(conn.closed).toBe(true);
  });
});

describe('half-close', () => {
  test('replies of async handlers to requests sent before the client FIN are delivered, then the server ends', async () => {
    const handler: Handler = {
      async handle(m: Message) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return reply(m.name, 'ok');
      },
    };
    const { host, port } = await serve(handler);
    const conn = await connect(host, port);
    await conn.write('?a\r\n?b\r\n?c\r\n');
    conn.end();
    expect(await conn.readLine()).toBe('!a,ok');
    expect(await conn.readLine()).toBe('!b,ok');
    expect(await conn.readLine()).toBe('!c,ok');
    await conn.waitClosed();
  });

  test('a sync handler: reply then close', async () => {
    const { host, port } = await serve({ handle: (m) => reply(m.name, 'ok') });
    const conn = await connect(host, port);
    await conn.write('?a\r\n');
    conn.end();
    expect(await conn.readLine()).toBe('!a,ok');
    await conn.waitClosed();
  });
});

describe('close()', () => {
  test('ends every connection within the grace period, even with many sockets and readers that never read', async () => {
    const server = createBackendServer({ handler: { handle: (m) => reply(m.name, 'ok') }, port: 0, closeGraceMs: 300 });
    const { host, port } = await server.listen();
    const conns = await Promise.all(Array.from({ length: 300 }, () => RawConnection.open(host, port)));
    try {
      await vi.waitFor(() => expect(server.connectionCount).toBe(300), { timeout: 5000 });
      // One client floods without reading, so its socket cannot drain.
      conns[0]!.socket.write(Buffer.from('?x\r\n'.repeat(200000)));
      await server.close();
      expect(server.connectionCount).toBe(0);
      await Promise.all(conns.map((c) => c.waitClosed()));
    } finally {
      await Promise.all(conns.map((c) => c.destroy()));
    }
  });
});
