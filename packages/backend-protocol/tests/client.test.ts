import { createServer, type Server, type Socket } from 'node:net';
import { ClientClosedError, RequestTimeoutError } from '@observatory/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  BackendClient,
  BackendFailError,
  BackendInvalidError,
  ConnectionLostError,
  GrammarError,
  ProtocolError,
  toTicks,
} from '../src/index.js';
import { startServer } from './start-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function simulator(version: '1.2' | '1.3' | '1.4' = '1.4') {
  const started = await startServer('simulator', version);
  cleanups.push(started.stop);
  const client = await BackendClient.connect({ host: started.host, port: started.port, requestTimeoutMs: 2000 });
  cleanups.push(() => client.close());
  return { client, started };
}

/** A raw server whose connection behaviour the test scripts. */
async function scriptedServer(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
    // Keep reading so a client's FIN is seen and answered.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as { port: number }).port;
}

describe('BackendClient against the simulator', () => {
  test('reads the greeting and exposes the server version', async () => {
    const { client } = await simulator('1.3');
    expect(client.serverVersion).toBe('1.3');
    expect(await client.version()).toBe('1.3');
  });

  test('typed methods', async () => {
    const { client } = await simulator();
    const status = await client.status();
    expect(status.status).toBe('ok');
    expect(status.acquiring).toBe(false);
    expect(Math.abs(status.time - Date.now() / 1000)).toBeLessThan(1);
    expect(Math.abs((await client.time()) - Date.now() / 1000)).toBeLessThan(1);
    await client.setConfiguration('abc');
    expect(await client.getConfiguration()).toBe('abc');
    await client.setIntegration(25);
    expect(await client.getIntegration()).toBe(25);
    const tpi = await client.getTpi();
    expect(tpi.every((v) => v >= 0 && v < 100)).toBe(true);
    expect(await client.getTp0()).toEqual([0, 0]);
    await client.setSection(1, '*', 500.5, '*', 'CP', '*', 2048);
    await client.calOn(3);
    await client.setFilename('/tmp/x.fits');
    await client.convertData();
    await client.setEnable(0, 1);
    await client.endSchedule();
    await client.park();
    await client.setShift(2);
    await client.start();
    expect((await client.status()).acquiring).toBe(true);
    await client.stop();
    await client.start(new Date(Date.now() + 60_000));
    await client.stop(toTicks(Date.now() / 1000 + 120));
  });

  test('fail and invalid replies become typed errors; request() returns them as is', async () => {
    const { client } = await simulator();
    await expect(client.stop()).rejects.toMatchObject({ code: 'DISCOS_BACKEND_FAIL', text: 'not acquiring' });
    await expect(client.stop()).rejects.toBeInstanceOf(BackendFailError);
    expect(await client.request('badcommand')).toEqual({ name: 'badcommand', code: 'fail', args: ["invalid command 'badcommand'"] });
    client.writeRaw('?bad name\r\n');
    expect(await client.readLine()).toBe('!undefined,invalid,syntax error: invalid syntax');
    await expect(client.call('x', [''])).rejects.toBeInstanceOf(GrammarError);
    await expect(client.request('bad name')).rejects.toBeInstanceOf(GrammarError);
    await expect(client.request('x', ['a\r\n'])).rejects.toBeInstanceOf(GrammarError);
  });

  test('pipelined requests resolve in order', async () => {
    const { client } = await simulator();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.request(i % 2 ? 'version' : 'get-tp0')));
    replies.forEach((r, i) => expect(r.name).toBe(i % 2 ? 'version' : 'get-tp0'));
  });

  test('a reply of another name (invalid) is matched FIFO', async () => {
    const port = await scriptedServer((socket) => {
      socket.write('!version,ok,1.4\r\n');
      socket.on('data', () => socket.write('!undefined,invalid,syntax error: invalid syntax\r\n'));
    });
    const client = await BackendClient.connect({ port });
    cleanups.push(() => client.close());
    expect(await client.request('status')).toEqual({ name: 'undefined', code: 'invalid', args: ['syntax error: invalid syntax'] });
    await expect(client.status()).rejects.toBeInstanceOf(BackendInvalidError);
  });

  test('tolerates bare LF line ends', async () => {
    const port = await scriptedServer((socket) => {
      socket.write('!version,ok,1.4\n');
      socket.on('data', () => socket.write('!time,ok,12.5\n'));
    });
    const client = await BackendClient.connect({ port });
    cleanups.push(() => client.close());
    expect(await client.time()).toBe(12.5);
  });

  test('a missing or malformed greeting is a ProtocolError', async () => {
    const silent = await scriptedServer(() => undefined);
    await expect(BackendClient.connect({ port: silent, connectTimeoutMs: 100 })).rejects.toBeInstanceOf(ProtocolError);
    const wrong = await scriptedServer((socket) => socket.write('hello\r\n'));
    await expect(BackendClient.connect({ port: wrong })).rejects.toBeInstanceOf(ProtocolError);
    const closing = await scriptedServer((socket) => socket.end());
    await expect(BackendClient.connect({ port: closing })).rejects.toBeInstanceOf(ProtocolError);
  });

  test('a request timeout drops the connection and fails every pending request', async () => {
    const port = await scriptedServer((socket) => socket.write('!version,ok,1.4\r\n'));
    const client = await BackendClient.connect({ port, requestTimeoutMs: 100 });
    cleanups.push(() => client.close());
    const first = expect(client.request('status')).rejects.toBeInstanceOf(RequestTimeoutError);
    const second = expect(client.request('time', [], { timeoutMs: 5000 })).rejects.toBeInstanceOf(ConnectionLostError);
    await first;
    await second;
    await expect(client.request('status')).rejects.toBeInstanceOf(ConnectionLostError);
    expect(client.connected).toBe(false);
  });

  test('close() rejects pending requests with ClientClosedError and is idempotent', async () => {
    const port = await scriptedServer((socket) => socket.write('!version,ok,1.4\r\n'));
    const client = await BackendClient.connect({ port });
    const pending = expect(client.request('status')).rejects.toBeInstanceOf(ClientClosedError);
    await Promise.all([client.close(), client.close()]);
    await pending;
    await expect(client.request('status')).rejects.toBeInstanceOf(ClientClosedError);
  });

  test('waitClosed resolves when the server closes the connection', async () => {
    const { client } = await simulator();
    client.writeRaw(`?${'a'.repeat(16385)}\r\n`);
    await client.waitClosed(3000);
    await expect(client.request('status')).rejects.toBeInstanceOf(ConnectionLostError);
  });
});
