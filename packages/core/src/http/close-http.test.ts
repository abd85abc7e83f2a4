import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { closeHttp, type ClosableStream } from './close-http.js';

/** A node:http server whose every response stays open (as an SSE stream does) until its stream is closed. */
async function streamingServer(): Promise<{ app: { close(): Promise<void> }; streams: Set<ClosableStream>; port: number; opened: Promise<unknown> }> {
  const streams = new Set<ClosableStream>();
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: hello\n\n');
    const stream: ClosableStream = {
      close() {
        streams.delete(stream);
        res.end();
      },
    };
    streams.add(stream);
    server.emit('stream-opened');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const opened = once(server, 'stream-opened');
  const app = { close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))) };
  return { app, streams, port: (server.address() as AddressInfo).port, opened };
}

/** Opens one streaming request; resolves with how its body finished and everything it carried. */
function openStream(port: number): Promise<{ ended: boolean; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/stream', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ ended: true, body }));
      res.on('error', () => resolve({ ended: false, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('closeHttp', () => {
  test('ends every open stream (the client sees a clean end, the set empties), then the app closes', async () => {
    const { app, streams, port, opened } = await streamingServer();
    const client = openStream(port);
    await opened;
    expect(streams.size).toBe(1);
    await closeHttp(app, streams);
    expect(streams.size).toBe(0);
    await expect(client).resolves.toEqual({ ended: true, body: 'data: hello\n\n' });
  });

  test('the app closes after the streams, and its close error reaches the caller', async () => {
    const order: string[] = [];
    const streams = new Set<ClosableStream>([{ close: () => order.push('stream') }]);
    const failing = new Error('close failed');
    const app = {
      close: async () => {
        order.push('app');
        throw failing;
      },
    };
    await expect(closeHttp(app, streams)).rejects.toBe(failing);
    expect(order).toEqual(['stream', 'app']);
  });
});
