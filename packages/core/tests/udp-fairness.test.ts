import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpServer } from '../src/index.js';

const closeables: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of closeables.splice(0)) await fn();
});

describe('UdpServer fairness', () => {
  it('handles at most maxBytesPerTurn of datagrams per event-loop turn, the rest in later turns, in order', async () => {
    // Bytes handled between two marks of the test's own (nested) immediates.
    let turn = 0;
    let maxTurn = 0;
    let marked = false;
    const seen: number[] = [];
    const server = new UdpServer({
      maxBytesPerTurn: 4096,
      onMessage: (message) => {
        if (!marked) {
          marked = true;
          setImmediate(() =>
            setImmediate(() => {
              marked = false;
              turn = 0;
            }),
          );
        }
        turn += message.length;
        maxTurn = Math.max(maxTurn, turn);
        seen.push(message.readUInt32BE(0));
        return undefined;
      },
    });
    closeables.push(() => server.close());
    await server.listen();
    const socket = createSocket('udp4');
    closeables.push(() => socket.close());
    const payload = Buffer.alloc(2048);
    // 32 datagrams of 2 KiB sent at once (within the socket's receive buffer): libuv reads up to 32 per poll callback.
    await Promise.all(
      Array.from({ length: 32 }, (_, i) => {
        const datagram = Buffer.from(payload);
        datagram.writeUInt32BE(i, 0);
        return new Promise<void>((resolve) => socket.send(datagram, server.port, '127.0.0.1', () => resolve()));
      }),
    );
    const deadline = Date.now() + 4000;
    while (seen.length < 32 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(Array.from({ length: 32 }, (_, i) => i));
    // The meter's window spans at most three budgets (poll phase, the server's immediate, and the next poll phase
    // before the meter's nested immediate), each overshooting by less than one datagram; before, all 32 at once.
    expect(maxTurn).toBeLessThanOrEqual(3 * (4096 + 2048));
  });
});
