/**
 * Round-trip throughput of the binary and motion systems (receiver, active_surface, minor_servos) next to a
 * bare echo server in the same run: N sequential requests on one connection, then 20 connections at once.
 *
 *   node --conditions=@observatory/source --import tsx bench/acu-binary-throughput.ts
 */
import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { startSimulator, type SimulatorModule } from '../src/framework/index.js';
import { activeSurface, usdCommands } from '../src/systems/active_surface/index.js';
import { minorServos } from '../src/systems/minor_servos/index.js';
import { receiver } from '../src/systems/receiver/index.js';

interface Case {
  name: string;
  request: Buffer;
  /** Bytes of one reply (or a terminator). */
  replyLength?: number;
  terminator?: string;
}

/** Sends `count` requests one after the other, each after the previous reply; resolves with req/s. */
async function sequential(port: number, c: Case, count: number): Promise<number> {
  const socket = connect({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let done = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const next = () => socket.write(c.request);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        let end = -1;
        if (c.replyLength !== undefined) end = buffer.length >= c.replyLength ? c.replyLength : -1;
        else {
          const at = buffer.indexOf(c.terminator as string, 0, 'latin1');
          end = at < 0 ? -1 : at + (c.terminator as string).length;
        }
        if (end < 0) break;
        buffer = buffer.subarray(end);
        done += 1;
        if (done === count) return resolve();
        next();
      }
    });
    next();
  });
  const rate = (count * 1000) / (performance.now() - start);
  socket.destroy();
  return rate;
}

async function parallel(port: number, c: Case, connections: number, each: number): Promise<number> {
  const start = performance.now();
  await Promise.all(Array.from({ length: connections }, () => sequential(port, c, each)));
  return (connections * each * 1000) / (performance.now() - start);
}

async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.setNoDelay(true);
    s.on('data', (d) => s.write(d));
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

async function bench(name: string, module: SimulatorModule | undefined, c: Case, n: number, options: Record<string, unknown> = {}): Promise<[string, number, number]> {
  let port: number;
  let close: () => Promise<void>;
  if (module) {
    const sim = await startSimulator({ ...module, servers: module.servers.slice(0, 1) }, { ephemeralPorts: true, options });
    port = sim.row.ports.listen as number;
    close = () => sim.close();
  } else {
    const echo = await echoServer();
    port = echo.port;
    close = () => echo.close();
  }
  try {
    await sequential(port, c, Math.min(500, n)); // warm-up
    const seq = await sequential(port, c, n);
    const par = await parallel(port, c, 20, Math.max(50, Math.floor(n / 20)));
    return [name, seq, par];
  } finally {
    await close();
  }
}

const N = 10000;
const version = Buffer.from('0101016307', 'hex');
const rows = [
  await bench('bare echo (5 bytes)', undefined, { name: 'echo', request: version, replyLength: 5 }, N),
  await bench('receiver version 63', receiver, { name: 'receiver', request: version, replyLength: 15 }, N),
  await bench('minor_servos STATUS=M3R', minorServos, { name: 'ms', request: Buffer.from('STATUS=M3R\r\n'), terminator: '\r\n' }, N),
];
// active_surface: USD 1 with its default delay (5 x 0.512 ms), then USD 2 set to delay 0.
rows.push(await bench('active_surface get-position (delay 5)', activeSurface, { name: 'as', request: Buffer.from(usdCommands.getPosition(1)), replyLength: 8 }, 1000));
{
  const sim = await startSimulator({ ...activeSurface, servers: activeSurface.servers.slice(0, 1) }, { ephemeralPorts: true });
  try {
    const port = sim.row.ports.listen as number;
    await sequential(port, { name: 'delay0', request: Buffer.from(usdCommands.setResponseDelay(0, 2)), replyLength: 1 }, 1);
    const c = { name: 'as0', request: Buffer.from(usdCommands.getPosition(2)), replyLength: 8 };
    await sequential(port, c, 500);
    rows.push(['active_surface get-position (delay 0)', await sequential(port, c, N), await parallel(port, c, 20, N / 20)]);
  } finally {
    await sim.close();
  }
}
const echoSeq = rows[0]?.[1] ?? 1;
console.log('case                                      sequential req/s   20 connections req/s   seq vs echo');
for (const [name, seq, par] of rows) {
  console.log(`${name.padEnd(42)}${seq.toFixed(0).padStart(12)}${par.toFixed(0).padStart(22)}${(seq / echoSeq).toFixed(2).padStart(14)}`);
}
