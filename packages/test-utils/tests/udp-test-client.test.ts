import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, test } from 'vitest';
import { UdpTestClient, WaitTimeoutError, udpExchange } from '../src/index.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

/** A UDP server on port 0 that answers each datagram with `reply(text)` (one datagram per returned string). */
async function udpServer(reply: (text: string) => string[]): Promise<number> {
  const server = createSocket('udp4');
  sockets.push(server);
  server.on('message', (msg, rinfo) => {
    for (const r of reply(msg.toString('latin1'))) server.send(Buffer.from(r, 'latin1'), rinfo.port, rinfo.address);
  });
  server.bind(0, '127.0.0.1');
  await once(server, 'listening');
  return server.address().port;
}

describe('UdpTestClient', () => {
  test('exchange() sends one datagram and collects the replies in order', async () => {
    const port = await udpServer((t) => [`${t}:1`, `${t}:2`]);
    await using client = await UdpTestClient.open();
    expect(await client.exchange('ping', port, 2)).toEqual(['ping:1', 'ping:2']);
    expect(client.pending).toBe(0);
  });

  test('receive() rejects with a timeout when nothing arrives', async () => {
    const port = await udpServer(() => []);
    await using client = await UdpTestClient.open();
    client.send('silent', port);
    await expect(client.receive(50)).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  test('a timeout in exchange() reports the replies that did arrive', async () => {
    const port = await udpServer((t) => [t]);
    await using client = await UdpTestClient.open();
    const err = await client.exchange('only-one', port, 2, 200).catch((e: unknown) => e);
    expect((err as WaitTimeoutError).code).toBe('TEST_WAIT_TIMEOUT');
    expect((err as WaitTimeoutError).message).toContain('only-one');
  });

  test('udpExchange() opens, exchanges and closes; bytes keep their latin-1 values', async () => {
    const port = await udpServer((t) => [t.toUpperCase()]);
    expect(await udpExchange(port, 'caf\xe9')).toEqual(['CAF\xc9']);
  });

  test('close() is idempotent and a receive after close rejects', async () => {
    const client = await UdpTestClient.open();
    expect(client.port).toBeGreaterThan(0);
    await Promise.all([client.close(), client.close()]);
    await expect(client.receive(1000)).rejects.toMatchObject({ code: 'TEST_ENDED_BEFORE' });
  });
});
