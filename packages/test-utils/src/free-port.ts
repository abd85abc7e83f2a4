import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { TestUtilsError } from './errors.js';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: binds port 0, reads the port, releases it. For suites that
 * must pass a port on a command line; anything that can listen on port 0 itself should do that instead.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  return port!;
}

/** `count` distinct free ports, all held until every one is bound so that none is handed out twice. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    for (const server of servers) {
      server.listen(0, host);
      await once(server, 'listening');
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
  }
}

export interface PortOffsetOptions {
  /** Smallest offset to try (default 0). */
  minOffset?: number;
  /** Largest offset to try; keep base + offset below the ephemeral range (32768) so the kernel never hands them out. */
  maxOffset: number;
  host?: string;
  /** Random offsets tried before giving up (default 50). */
  attempts?: number;
}

/**
 * An offset at which every port `base + offset` is free on 127.0.0.1 for both TCP and UDP right now: for CLIs that
 * take a `--port-offset` and open a fixed set of base ports. Suites sharing a port range allocate from it instead
 * of splitting it by convention.
 */
export async function freePortOffset(bases: readonly number[], options: PortOffsetOptions): Promise<number> {
  const { minOffset = 0, maxOffset, host = '127.0.0.1', attempts = 50 } = options;
  for (let i = 0; i < attempts; i++) {
    const offset = minOffset + Math.floor(Math.random() * (maxOffset - minOffset + 1));
    if (await allFree(bases.map((b) => b + offset), host)) return offset;
  }
  throw new TestUtilsError('TEST_NO_FREE_PORTS', `no offset in ${minOffset}..${maxOffset} leaves ports ${bases.join(',')} free`);
}

async function allFree(ports: readonly number[], host: string): Promise<boolean> {
  const held: Array<() => Promise<void>> = [];
  try {
    for (const port of ports) {
      const tcp = createServer();
      tcp.listen(port, host);
      const bound = await outcome(tcp);
      if (!bound) return false;
      held.push(() => new Promise<void>((resolve) => tcp.close(() => resolve())));
      const udp = createSocket('udp4');
      udp.bind(port, host);
      const udpBound = await outcome(udp);
      if (!udpBound) {
        udp.close();
        return false;
      }
      held.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
    }
    return true;
  } finally {
    await Promise.all(held.map((release) => release()));
  }
}

/** True once bound, false on an error such as EADDRINUSE. */
function outcome(socket: { once(event: 'listening' | 'error', listener: () => void): unknown }): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('listening', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
}
