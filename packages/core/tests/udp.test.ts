import { afterEach, describe, expect, it } from 'vitest';
import { DatagramTooLargeError, RequestTimeoutError, UdpClient, UdpServer, type UdpServerOptions } from '../src/index.js';

const closeables: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closeables.splice(0).map((c) => c.close()));
});

async function server(options: Partial<UdpServerOptions> = {}): Promise<UdpServer> {
  const s = new UdpServer({ onMessage: (m) => Buffer.concat([Buffer.from('ack:'), m]), ...options });
  closeables.push(s);
  await s.listen();
  return s;
}

function client(port: number): UdpClient {
  const c = new UdpClient({ port, requestTimeoutMs: 500 });
  closeables.push(c);
  return c;
}

describe('UDP', () => {
  it('answers one datagram with one datagram to the sender', async () => {
    const s = await server();
    expect(s.address().address).toBe('127.0.0.1');
    const c = client(s.port);
    expect((await c.request('hello')).toString()).toBe('ack:hello');
    expect((await c.request(Buffer.from([0, 255]))).toString('hex')).toBe('61636b3a00ff');
  });

  it('sends every element of an array reply as its own datagram', async () => {
    const s = await server({ onMessage: async () => ['one', 'two'] });
    const c = client(s.port);
    await c.send('x');
    const got = [(await c.receive()).toString(), (await c.receive()).toString()].sort();
    expect(got).toEqual(['one', 'two']);
  });

  it('drops datagrams over the size limit and keeps serving', async () => {
    const s = await server({ maxDatagramBytes: 12 });
    const c = client(s.port);
    await expect(c.request('much too long')).rejects.toBeInstanceOf(RequestTimeoutError);
    expect((await c.request('short')).toString()).toBe('ack:short');
  });

  it('survives a throwing handler', async () => {
    const s = await server({
      onMessage: (m) => {
        if (m.toString() === 'boom') throw new Error('bug');
        return 'fine';
      },
    });
    const c = client(s.port);
    await c.send('boom');
    expect((await c.request('ok')).toString()).toBe('fine');
  });

  it('refuses to send an oversized datagram', async () => {
    const c = new UdpClient({ port: 9, maxDatagramBytes: 4 });
    closeables.push(c);
    await expect(c.send('12345')).rejects.toBeInstanceOf(DatagramTooLargeError);
  });

  it('pushes datagrams to any address with send()', async () => {
    const receiver = await server({ onMessage: () => undefined });
    const c = client(receiver.port);
    const pusher = await server({ onMessage: () => undefined });
    await pusher.send('pushed', await c.localPort());
    expect((await c.receive()).toString()).toBe('pushed');
  });
});
