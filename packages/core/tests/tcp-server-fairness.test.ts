import { afterEach, describe, expect, it } from 'vitest';
import { delimiterFramer, rawFramer, TcpServer, type TcpServerOptions } from '../src/index.js';
import { TcpTestClient } from '@observatory/test-utils';

const servers: TcpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close(100)));
});

async function start(options: Partial<TcpServerOptions>): Promise<TcpServer> {
  const server = new TcpServer({ framer: delimiterFramer({ delimiter: '\r\n' }), onFrame: () => undefined, ...options });
  servers.push(server);
  await server.listen();
  return server;
}

/**
 * Counts the work done inside one macrotask (one I/O callback or one immediate): the first frame of a run queues a
 * microtask, which runs only once that callback has returned, i.e. when the server yields to the event loop.
 */
function runMeter() {
  let frames = 0;
  let bytes = 0;
  let counting = false;
  const meter = {
    maxFrames: 0,
    maxBytes: 0,
    total: 0,
    count(frame: Buffer) {
      if (!counting) {
        counting = true;
        queueMicrotask(() => {
          counting = false;
          frames = 0;
          bytes = 0;
        });
      }
      frames += 1;
      bytes += frame.length;
      meter.total += 1;
      meter.maxFrames = Math.max(meter.maxFrames, frames);
      meter.maxBytes = Math.max(meter.maxBytes, bytes);
    },
  };
  return meter;
}

describe('TcpServer fairness: bounded work per event-loop turn', () => {
  it('handles at most maxFramesPerTurn frames of one connection before yielding, and answers all in order', async () => {
    const meter = runMeter();
    const server = await start({
      maxFramesPerTurn: 50,
      onFrame: (frame) => {
        meter.count(frame);
        return `${frame.toString('latin1')}\r\n`;
      },
    });
    const client = await TcpTestClient.connect(server.port);
    const lines = Array.from({ length: 20_000 }, (_, i) => `q${i}`);
    client.socket.write(`${lines.join('\r\n')}\r\n`); // ~130 kB in one write: thousands of frames per read
    const text = await client.until((t) => t.endsWith('q19999\r\n'), 20_000);
    expect(text).toBe(`${lines.join('\r\n')}\r\n`);
    expect(meter.total).toBe(20_000);
    expect(meter.maxFrames).toBeLessThanOrEqual(50);
    client.socket.destroy();
  });

  it('handles at most maxBytesPerTurn bytes of raw slices per turn', async () => {
    const meter = runMeter();
    const server = await start({
      framer: rawFramer({ maxChunkBytes: 1024 }),
      maxBytesPerTurn: 4096,
      onFrame: (frame) => {
        meter.count(frame);
        return frame.includes('!') ? 'done\r\n' : undefined;
      },
    });
    const client = await TcpTestClient.connect(server.port);
    client.socket.write(Buffer.concat([Buffer.alloc(1024 * 1024, 0x41), Buffer.from('!')]));
    await client.until((t) => t === 'done\r\n', 20_000);
    // The budget is checked before each slice: a turn ends with at most one slice beyond it.
    expect(meter.maxBytes).toBeLessThan(4096 + 1024);
    expect(meter.maxFrames).toBeLessThanOrEqual(5);
    client.socket.destroy();
  });

  it('the default budget bounds a pipelined flood too', async () => {
    const meter = runMeter();
    const server = await start({
      onFrame: (frame) => {
        meter.count(frame);
        return 'ok\r\n';
      },
    });
    const client = await TcpTestClient.connect(server.port);
    client.socket.write('x\r\n'.repeat(50_000));
    await client.until((t) => t.length === 4 * 50_000, 20_000);
    expect(meter.maxFrames).toBeLessThanOrEqual(256);
    client.socket.destroy();
  });

  it('a half-closing flooder still gets every reply before the server ends the socket', async () => {
    const server = await start({ maxFramesPerTurn: 7, onFrame: (frame) => `${frame.toString('latin1')}\r\n` });
    const client = await TcpTestClient.connect(server.port);
    const lines = Array.from({ length: 1000 }, (_, i) => `h${i}`);
    client.socket.end(`${lines.join('\r\n')}\r\n`);
    await client.closed;
    expect(client.received()).toBe(`${lines.join('\r\n')}\r\n`);
  });
});
