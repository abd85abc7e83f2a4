import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { expect, test } from 'vitest';
import { RawConnection } from '../src/conformance/index.js';

test('close() is idempotent and await using closes the connection at scope end', async () => {
  const peers: Socket[] = [];
  const server = createServer((socket) => {
    peers.push(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening', { signal: AbortSignal.timeout(5000) });
  const { port } = server.address() as AddressInfo;
  try {
    let kept: RawConnection | undefined;
    {
      await using conn = await RawConnection.open('127.0.0.1', port, 5000);
      kept = conn;
      expect(conn.socket.destroyed).toBe(false);
    }
    expect(kept.socket.destroyed).toBe(true);
    // Later calls, concurrent or not, resolve at once and change nothing.
    await Promise.all([kept.close(), kept.close(), kept.destroy()]);

    const conn = await RawConnection.open('127.0.0.1', port, 5000);
    const first = conn.close();
    expect(conn.close()).toBe(first);
    await first;
    expect(conn.socket.destroyed).toBe(true);
  } finally {
    for (const peer of peers) peer.destroy();
    server.close();
  }
});
