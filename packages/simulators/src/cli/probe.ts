import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { CUSTOM_TAIL, IDENTIFY_COMMAND, parseIdentity, type SimulatorModule } from '../framework/index.js';

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

/** What answers on a port: nothing, one of our simulators (by module name), or some other service. */
export type PortOwner = { kind: 'free' } | { kind: 'simulator'; module: string } | { kind: 'foreign' };

const IDENTIFY = Buffer.from(`$${IDENTIFY_COMMAND}${CUSTOM_TAIL}`, 'latin1');

/** Describes a port owner for users: `simulator 'acu'`, or a foreign service. */
export function describeOwner(owner: PortOwner): string {
  if (owner.kind === 'simulator') return `simulator '${owner.module}'`;
  if (owner.kind === 'foreign') return 'another service (it does not answer the simulators\' identity probe)';
  return 'nothing';
}

/**
 * Asks an endpoint who it is (`$system_identify%%%%%`): our simulators answer `$simulator:<module>%%%%%`. A refused
 * connection (or ICMP port unreachable for UDP) means the port is free; anything else that stays silent or
 * answers otherwise within `timeoutMs` is foreign. Only bytes of the probe are ever written.
 */
export function identify(host: string, endpoint: Endpoint, timeoutMs = 300): Promise<PortOwner> {
  const address = clientHost(host);
  return new Promise((resolve) => {
    let received = '';
    let settled = false;
    const finish = (owner: PortOwner, cleanup: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cleanup();
      resolve(owner);
    };
    const onData = (chunk: Buffer, cleanup: () => void) => {
      received = (received + chunk.toString('latin1')).slice(-4096);
      const module = parseIdentity(received);
      if (module !== undefined) finish({ kind: 'simulator', module }, cleanup);
    };
    let timer: NodeJS.Timeout;
    if (endpoint.transport === 'udp') {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      const cleanup = () => socket.close();
      timer = setTimeout(() => finish({ kind: 'foreign' }, cleanup), timeoutMs);
      socket.on('message', (msg) => onData(msg, cleanup));
      socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED' ? { kind: 'free' } : { kind: 'foreign' }, cleanup));
      // Connected, so an ICMP port unreachable comes back as ECONNREFUSED.
      socket.connect(endpoint.port, address, () => socket.send(IDENTIFY));
      return;
    }
    const socket = connect({ host: address, port: endpoint.port });
    const cleanup = () => socket.destroy();
    let connected = false;
    timer = setTimeout(() => finish(connected ? { kind: 'foreign' } : { kind: 'free' }, cleanup), timeoutMs);
    socket.once('connect', () => {
      connected = true;
      socket.write(IDENTIFY);
    });
    socket.on('data', (chunk: Buffer) => onData(chunk, cleanup));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(connected || err.code !== 'ECONNREFUSED' ? { kind: 'foreign' } : { kind: 'free' }, cleanup));
    socket.once('close', () => finish(connected ? { kind: 'foreign' } : { kind: 'free' }, cleanup));
  });
}

/** A module runs when its first endpoint identifies as that module (a foreign service on the port does not count). */
export async function probeModule(module: SimulatorModule, host: string, portOffset: number): Promise<boolean> {
  const first = endpointsOf(module, portOffset)[0];
  if (!first) return false;
  const owner = await identify(host, first);
  return owner.kind === 'simulator' && owner.module === module.name;
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

/**
 * Stops one endpoint of `module` only after it identified as that module: `$system_stop%%%%%` never goes to a
 * port held by anything else. Resolves with what was found there and whether the stop was confirmed.
 */
export async function stopIfOurs(host: string, endpoint: Endpoint, module: string): Promise<{ owner: PortOwner; stopped: boolean }> {
  const owner = await identify(host, endpoint);
  if (owner.kind !== 'simulator' || owner.module !== module) return { owner, stopped: false };
  return { owner, stopped: await sendStop(host, endpoint) };
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
