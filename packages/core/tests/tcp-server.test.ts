import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressInUseError, delimiterFramer, TcpClient, TcpServer, type TcpServerOptions } from '../src/index.js';
import { rawClient, type RawClient } from './helpers.js';

const servers: TcpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close(100)));
});

async function start(options: Partial<TcpServerOptions> = {}): Promise<TcpServer> {
  const server = new TcpServer({
    framer: delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 32 }),
    onFrame: (frame) => `echo:${frame.toString('latin1')}\r\n`,
    ...options,
  });
  servers.push(server);
  await server.listen();
  return server;
}

describe('TcpServer', () => {
  it('binds 127.0.0.1 on a free port by default', async () => {
    const server = await start();
    expect(server.address().address).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
  });

  it('sends the greeting first, then one reply per frame in order, also pipelined', async () => {
    const server = await start({ greeting: 'hello\r\n' });
    const client = await rawClient(server.port);
    client.socket.write('a\r\nb\r');
    client.socket.write('\nc\r\n');
    const text = await client.until((t) => t.endsWith('echo:c\r\n'));
    expect(text).toBe('hello\r\necho:a\r\necho:b\r\necho:c\r\n');
    client.socket.destroy();
  });

  it('keeps reply order when an async handler finishes after later frames arrive', async () => {
    const server = await start({
      onFrame: async (frame) => {
        const text = frame.toString();
        await new Promise((r) => setTimeout(r, text === 'slow' ? 30 : 0));
        return `${text}\r\n`;
      },
    });
    const client = await rawClient(server.port);
    client.socket.write('slow\r\nfast\r\nfast2\r\n');
    expect(await client.until((t) => t.includes('fast2'))).toBe('slow\r\nfast\r\nfast2\r\n');
    client.socket.destroy();
  });

  it('closes on an overlong line after answering earlier lines, discarding later ones', async () => {
    const server = await start();
    const client = await rawClient(server.port);
    client.socket.write(`ok\r\n${'x'.repeat(40)}\r\nlater\r\n`);
    await client.closed;
    expect(client.received()).toBe('echo:ok\r\n');
  });

  it('closes when unterminated data grows past the limit', async () => {
    const server = await start();
    const client = await rawClient(server.port);
    client.socket.write('y'.repeat(33));
    await client.closed;
    expect(client.received()).toBe('');
  });

  it('can answer an overlong line instead of closing, and keep serving', async () => {
    const server = await start({ onFrameTooLong: (err) => ({ reply: `error:${err.code}\r\n` }) });
    const client = await rawClient(server.port);
    client.socket.write(`${'x'.repeat(40)}\r\nnext\r\n`);
    expect(await client.until((t) => t.includes('echo:next'))).toBe('error:CORE_FRAME_TOO_LONG\r\necho:next\r\n');
    client.socket.destroy();
  });

  it('answers every request of a peer that half-closes right after sending, then ends', async () => {
    const server = await start({
      onFrame: async (frame) => {
        await new Promise((r) => setTimeout(r, 20));
        return `late:${frame.toString()}\r\n`;
      },
    });
    const client = await rawClient(server.port);
    client.socket.end('a\r\nb\r\n'); // write, then FIN
    await client.closed;
    expect(client.received()).toBe('late:a\r\nlate:b\r\n');
  });

  it('keeps serving other clients when one sends garbage and a handler throws', async () => {
    const server = await start({
      onFrame: (frame) => {
        if (frame.toString() === 'boom') throw new Error('handler bug');
        return `ok\r\n`;
      },
    });
    const bad = await rawClient(server.port);
    bad.socket.write(Buffer.from([0, 255, 13, 10]));
    bad.socket.write('boom\r\n');
    const good = await rawClient(server.port);
    good.socket.write('x\r\n');
    expect(await good.until((t) => t === 'ok\r\n')).toBe('ok\r\n');
    bad.socket.destroy();
    good.socket.destroy();
  });

  it('serves 200 concurrent clients', async () => {
    const server = await start({ framer: delimiterFramer({ delimiter: '\n' }), onFrame: (f) => `${f.toString()}!\n` });
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => TcpClient.connect({ port: server.port, framer: delimiterFramer({ delimiter: '\n' }) })),
    );
    await vi.waitFor(() => expect(server.connectionCount).toBe(200), { timeout: 2000 });
    const replies = await Promise.all(clients.map((c, i) => c.request(`n${i}\n`)));
    expect(replies.map((r) => r.toString())).toEqual(clients.map((_, i) => `n${i}!`));
    await Promise.all(clients.map((c) => c.close()));
  });

  it('pauses reading while a slow reader does not drain, so memory stays bounded', async () => {
    const reply = Buffer.alloc(64 * 1024, 0x61);
    let handled = 0;
    const server = await start({
      framer: delimiterFramer({ delimiter: '\n' }),
      onFrame: () => {
        handled++;
        return reply;
      },
    });
    const socket = connect({ host: '127.0.0.1', port: server.port });
    await once(socket, 'connect');
    socket.pause(); // a reader that never reads
    const request = Buffer.from('r\n'.repeat(4096));
    for (let i = 0; i < 16; i++) socket.write(request); // asks for 65536 x 64 KiB = 4 GiB of replies
    // The server stops reading once its socket cannot drain.
    const connection = await vi.waitFor(
      () => {
        const [c] = [...server.connections];
        expect(c?.socket.writableNeedDrain).toBe(true);
        expect(c?.socket.isPaused()).toBe(true);
        return c!;
      },
      { timeout: 3000 },
    );
    const handledWhilePaused = handled;
    // Without backpressure it would answer every request at once and buffer gigabytes.
    expect(handledWhilePaused).toBeLessThan(2000);
    expect(connection.socket.writableLength).toBeLessThan(200 * 1024 * 1024);
    // Once the reader reads again the server resumes and answers more.
    socket.on('data', () => undefined);
    socket.resume();
    await vi.waitFor(() => expect(handled).toBeGreaterThan(handledWhilePaused + 100), { timeout: 3000 });
    socket.destroy();
  });

  it('close() ends open connections gracefully and resolves when all are gone', async () => {
    const server = await start();
    const a = await rawClient(server.port);
    const b = await rawClient(server.port);
    await server.close(1000);
    await Promise.all([a.closed, b.closed]);
    expect(server.connectionCount).toBe(0);
    await expect(rawClient(server.port)).rejects.toThrow();
  });

  it('close() lets a client end within the grace period and destroys one still open when it expires', async () => {
    const server = await start();
    const polite = await rawClient(server.port);
    // Half-open: it takes the server's FIN without ending its own side, so the server must wait, then destroy it.
    const stubborn = connect({ host: '127.0.0.1', port: server.port, allowHalfOpen: true });
    stubborn.on('error', () => undefined);
    await once(stubborn, 'connect', { signal: AbortSignal.timeout(2000) });
    await vi.waitFor(() => expect(server.connectionCount).toBe(2), { timeout: 2000 });
    const serverSide = (localPort: number | undefined) =>
      [...server.connections].find((c) => c.socket.remotePort === localPort)!.socket;
    const politeServerSide = serverSide(polite.socket.localPort);
    const stubbornServerSide = serverSide(stubborn.localPort);
    // Only the grace timer is faked: the order of events, not the speed of the machine, decides the outcome.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const closing = server.close(60_000);
      await once(politeServerSide, 'close'); // the polite client answered the FIN: closed before the grace ran out
      expect(stubbornServerSide.destroyed).toBe(false);
      expect(server.connectionCount).toBe(1);
      vi.advanceTimersByTime(60_000);
      await closing; // resolves only because the straggler was destroyed
      expect(stubbornServerSide.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
      stubborn.destroy();
    }
    expect(server.connectionCount).toBe(0);
  });

  it('close() is idempotent and works through Symbol.asyncDispose', async () => {
    const server = await start();
    const client = await rawClient(server.port);
    const first = server.close();
    expect(server.close()).toBe(first); // one shutdown, shared
    expect(server[Symbol.asyncDispose]()).toBe(first);
    await first;
    await client.closed;
    expect(server.connectionCount).toBe(0);
    await expect(rawClient(server.port)).rejects.toThrow();
    await expect(server.close()).resolves.toBeUndefined(); // again after it finished

    let port = 0;
    let scoped: RawClient | undefined;
    {
      await using disposable = new TcpServer({ framer: delimiterFramer(), onFrame: () => undefined });
      port = (await disposable.listen()).port;
      scoped = await rawClient(port);
    }
    await scoped.closed; // leaving the block closed the server and its connection
    await expect(rawClient(port)).rejects.toThrow();
  });

  it('destroys connections idle for longer than idleTimeoutMs', async () => {
    const server = await start({ idleTimeoutMs: 50 });
    const client = await rawClient(server.port);
    await client.closed;
    await vi.waitFor(() => expect(server.connectionCount).toBe(0), { timeout: 2000 });
  });

  it('reports a busy port as AddressInUseError', async () => {
    const server = await start();
    const second = new TcpServer({ port: server.port, framer: delimiterFramer(), onFrame: () => undefined });
    const error = await second.listen().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AddressInUseError);
    expect((error as AddressInUseError).code).toBe('CORE_ADDRESS_IN_USE');
    await second.close();
  });
});
