import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { EndedBeforeError} from '../src/index.js';
import { TcpTestClient, WaitTimeoutError, waitFor } from '../src/index.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A server on port 0 that hands each accepted socket to `onSocket`. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

const echo = (socket: Socket): void => {
  socket.on('data', (chunk) => socket.write(chunk));
};

describe('TcpTestClient', () => {
  test('reads exact byte counts, up to a marker and whole lines, keeping the rest unread', async () => {
    const port = await listen((s) => s.write(Buffer.from('ab\r\nline two\nxyz\x00\x01', 'latin1')));
    await using client = await TcpTestClient.connect(port);
    expect((await client.read(2)).toString('latin1')).toBe('ab');
    expect(await client.readLine()).toBe('');
    expect(await client.readLine()).toBe('line two');
    expect(await client.readUntil('z')).toBe('xyz');
    expect(await client.read(2)).toEqual(Buffer.from([0, 1]));
    expect(client.pending.length).toBe(0);
    expect(client.received()).toBe('ab\r\nline two\nxyz\x00\x01');
  });

  test('assembles a reply split across writes and sends latin-1 text as single bytes', async () => {
    const port = await listen(echo);
    await using client = await TcpTestClient.connect(port);
    client.send('caf\xe9');
    client.send(Buffer.from('!\n'));
    expect(await client.readLine()).toBe('caf\xe9!');
    expect(await client.ask('12345', 5)).toBe('12345');
  });

  test('until() resolves with all received text once the predicate holds', async () => {
    const port = await listen(echo);
    await using client = await TcpTestClient.connect(port);
    client.send('one,');
    client.send('two');
    expect(await client.until((t) => t.endsWith('two'))).toBe('one,two');
  });

  test('a read past the deadline rejects with a timeout naming what was unread', async () => {
    const port = await listen((s) => s.write('partial'));
    await using client = await TcpTestClient.connect(port);
    const err = await client.read(100, 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).message).toContain('partial');
  });

  test('a read the peer closes before rejects at once with TEST_ENDED_BEFORE; closedByPeer resolves', async () => {
    const port = await listen((s) => s.end('bye'));
    await using client = await TcpTestClient.connect(port);
    await client.closedByPeer();
    expect(client.ended).toBe(true);
    const err = await client.readLine(10_000).catch((e: unknown) => e);
    expect((err as EndedBeforeError).code).toBe('TEST_ENDED_BEFORE');
    expect(await client.readUntil('bye')).toBe('bye');
  });

  test('close() lets the peer read everything sent before the connection ends', async () => {
    let bytes = 0;
    const port = await listen((s) => s.on('data', (c: Buffer) => (bytes += c.length)));
    const client = await TcpTestClient.connect(port);
    client.send(Buffer.alloc(1_000_000, 1));
    await client.close();
    expect(bytes).toBe(1_000_000);
  });

  test('close() is idempotent and the server sees the connection end; await using closes too', async () => {
    let serverSide: Socket | undefined;
    const port = await listen((s) => (serverSide = s));
    const client = await TcpTestClient.connect(port);
    const accepted = await waitFor(() => serverSide, { what: 'the server to accept' });
    const ended = once(accepted, 'close');
    await Promise.all([client.close(), client.close()]);
    await ended;
    expect(client.socket.destroyed).toBe(true);

    let scopedClient: TcpTestClient | undefined;
    {
      await using scoped = await TcpTestClient.connect(port);
      scopedClient = scoped;
      expect(scoped.ended).toBe(false);
    }
    expect(scopedClient.socket.destroyed).toBe(true);
  });

  test('connecting to a closed port rejects', async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await expect(TcpTestClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
