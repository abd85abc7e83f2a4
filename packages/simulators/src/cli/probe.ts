import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { SimulatorModule } from '../framework/index.js';

export interface Endpoint {
  port: number;
  transport: 'tcp' | 'udp';
}

const SHUTDOWN = '$server_shutdown%%%%%';
const STOP = Buffer.from('$system_stop%%%%%', 'latin1');

/** Where a client reaches a server bound to `host`. */
export function clientHost(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}

/** Every listen and send endpoint of a module, offset applied (HTTP ports take no custom commands). */
export function endpointsOf(module: SimulatorModule, portOffset: number): Endpoint[] {
  const out: Endpoint[] = [];
  for (const row of module.servers) {
    if (row.listen !== undefined) out.push({ port: row.listen + portOffset, transport: row.transport });
    if (row.send !== undefined) out.push({ port: row.send + portOffset, transport: row.transport });
  }
  return out;
}

/** True when something accepts TCP connections on `host:port` within `timeoutMs`. */
export function probeTcp(host: string, port: number, timeoutMs = 100): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: clientHost(host), port });
    const done = (result: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A module is running when its first TCP endpoint accepts connections (UDP-only modules cannot be probed). */
export async function probeModule(module: SimulatorModule, host: string, portOffset: number): Promise<boolean> {
  const first = endpointsOf(module, portOffset).find((e) => e.transport === 'tcp');
  return first ? probeTcp(host, first.port) : false;
}

/**
 * Sends `$system_stop%%%%%` to one endpoint, waiting 100 ms for `$server_shutdown%%%%%` as the reference
 * does; an endpoint that did not confirm gets one more try with a longer wait (a loaded machine, or a
 * hundred endpoints stopped at once, can take longer than 100 ms to answer).
 */
export async function sendStop(host: string, endpoint: Endpoint, timeoutMs = 100): Promise<boolean> {
  if (await sendStopOnce(host, endpoint, timeoutMs)) return true;
  return sendStopOnce(host, endpoint, 10 * timeoutMs);
}

function sendStopOnce(host: string, endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  const address = clientHost(host);
  if (endpoint.transport === 'udp') {
    return new Promise((resolve) => {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      const done = (result: boolean) => {
        clearTimeout(timer);
        socket.close();
        resolve(result);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.on('message', (msg) => {
        if (msg.toString('latin1') === SHUTDOWN) done(true);
      });
      socket.on('error', () => done(false));
      socket.send(STOP, endpoint.port, address);
    });
  }
  return new Promise((resolve) => {
    let received = '';
    const socket = connect({ host: address, port: endpoint.port });
    const done = (result: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write(STOP));
    socket.on('data', (chunk: Buffer) => {
      // A greeting may come first; look for the shutdown reply anywhere.
      received = (received + chunk.toString('latin1')).slice(-4096);
      if (received.includes(SHUTDOWN)) done(true);
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(received.includes(SHUTDOWN)));
  });
}
