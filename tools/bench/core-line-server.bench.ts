/**
 * Request/reply throughput of a core line server (`TcpServer` + `delimiterFramer`) against a bare
 * `node:net` echo server, measured in the same run with the same client, on 1 and 50 connections.
 * The servers run in a child process so the load generator does not share their event loop.
 * Target: core >= 0.8 x bare echo.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { delimiterFramer, TcpServer } from '@observatory/core';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
const REQUEST = Buffer.from('?status\r\n');

type Kind = 'bare' | 'core';

async function serve(kind: Kind): Promise<void> {
  let port: number;
  if (kind === 'bare') {
    const server = createServer({ noDelay: true }, (socket) => {
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  } else {
    const server = new TcpServer({
      framer: delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 16384, includeDelimiter: true }),
      onFrame: (frame) => frame,
    });
    port = (await server.listen()).port;
  }
  process.send!({ port });
}

async function startServer(kind: Kind): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { stdio: 'inherit' });
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: message.port };
}

/** Each connection keeps one request outstanding (strict request/reply) for the duration. */
async function load(port: number, connections: number, durationMs: number): Promise<{ rps: number; p50: number; p99: number }> {
  const sockets: Socket[] = await Promise.all(
    Array.from({ length: connections }, async () => {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      await once(socket, 'connect');
      return socket;
    }),
  );
  const latencies: number[] = [];
  let count = 0;
  const deadline = performance.now() + durationMs;
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          let sentAt = 0;
          let pending = 0; // bytes of reply still expected
          const send = () => {
            if (performance.now() >= deadline) {
              resolve();
              return;
            }
            sentAt = performance.now();
            pending = REQUEST.length;
            socket.write(REQUEST);
          };
          socket.on('data', (chunk: Buffer) => {
            pending -= chunk.length;
            if (pending > 0) return;
            latencies.push(performance.now() - sentAt);
            count++;
            send();
          });
          send();
        }),
    ),
  );
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rps: count / (durationMs / 1000), p50: at(0.5), p99: at(0.99) };
}

/**
 * Both servers run side by side; the measurement alternates between them in short rounds so that
 * load drift on a shared machine hits both equally. Per kind, the median round is reported.
 */
async function main(): Promise<void> {
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
  const servers = { bare: await startServer('bare'), core: await startServer('core') };
  const results: Record<string, { rps: number; p50: number; p99: number }> = {};
  try {
    for (const kind of ['bare', 'core'] as Kind[]) await load(servers[kind].port, 10, 300); // warm-up
    for (const connections of [1, 50]) {
      const rounds: Record<Kind, Array<{ rps: number; p50: number; p99: number }>> = { bare: [], core: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order: Kind[] = round % 2 === 0 ? ['bare', 'core'] : ['core', 'bare'];
        for (const kind of order) rounds[kind].push(await load(servers[kind].port, connections, DURATION_MS / ROUNDS));
      }
      for (const kind of ['bare', 'core'] as Kind[]) {
        const sorted = rounds[kind].sort((a, b) => a.rps - b.rps);
        results[`${kind}/${connections}`] = sorted[Math.floor(sorted.length / 2)]!;
      }
    }
  } finally {
    for (const { child } of Object.values(servers)) {
      child.kill();
      await once(child, 'exit');
    }
  }
  console.log(`core line server vs bare node:net echo (${DURATION_MS} ms per case in ${ROUNDS} alternating rounds; median round; one outstanding request per connection)`);
  console.log('server        conns     req/s   p50 ms   p99 ms');
  for (const [key, r] of Object.entries(results)) {
    const [kind, conns] = key.split('/');
    console.log(`${kind!.padEnd(12)} ${conns!.padStart(6)} ${r.rps.toFixed(0).padStart(9)} ${r.p50.toFixed(3).padStart(8)} ${r.p99.toFixed(3).padStart(8)}`);
  }
  for (const conns of [1, 50]) {
    const ratio = results[`core/${conns}`]!.rps / results[`bare/${conns}`]!.rps;
    console.log(`ratio core/bare, ${conns} connection(s): ${ratio.toFixed(2)} (target >= 0.80)`);
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as Kind);
else await main();
