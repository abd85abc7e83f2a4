import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { freePort, freePortOffset, freePorts } from '../src/index.js';

describe('freePort', () => {
  test('hands out a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('freePorts hands out distinct ports', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
  });
});

describe('freePortOffset', () => {
  test('finds an offset in range whose ports are all free, skipping one that is taken', async () => {
    const held = createServer();
    held.listen(0, '127.0.0.1');
    await once(held, 'listening');
    const taken = (held.address() as { port: number }).port;
    try {
      // Base taken - 1 with offsets 1..2: offset 1 is the held port, so only 2 qualifies.
      const offset = await freePortOffset([taken - 1], { minOffset: 1, maxOffset: 2, attempts: 40 });
      expect(offset).toBe(2);
    } finally {
      await new Promise<void>((resolve) => held.close(() => resolve()));
    }
  });

  test('gives up with a typed error when no offset is free', async () => {
    const held = createServer();
    held.listen(0, '127.0.0.1');
    await once(held, 'listening');
    const taken = (held.address() as { port: number }).port;
    try {
      await expect(freePortOffset([taken], { minOffset: 0, maxOffset: 0, attempts: 3 })).rejects.toMatchObject({ code: 'TEST_NO_FREE_PORTS' });
    } finally {
      await new Promise<void>((resolve) => held.close(() => resolve()));
    }
  });
});
