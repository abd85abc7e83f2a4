// Command throughput of calmux, IFD and backend next to a bare echo server, sequential (one connection)
// and with 20 connections, plus 1000 simultaneous connects. Run:
//   node --conditions=@observatory/source --import tsx bench/throughput.ts
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { backend, calmux, ifDistributor, startSimulator } from '../src/index.js';

interface LoadJob {
  port: number;
  request: string;
  replyLength: number;
  greetingLength: number;
  connections: number;
  perConnection: number;
}

interface LoadResult {
  elapsedMs: number;
  roundTrips: number;
  p50Us: number;
  p99Us: number;
  mismatches: number;
}

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 20000);
const PER_CONNECTION = Number(process.env.BENCH_PER_CONNECTION ?? 1000);
const CONNECTIONS = 20;

/** The reference figures (Python 3.11, 2 vCPU): sequential and 20-connection cmd/s. */
const REFERENCE: Record<string, [number, number]> = {
  calmux: [17400, 32800],
  IFD: [17100, 32100],
  backend: [16000, 28600],
};

// Load-generator threads (BENCH_CLIENT_THREADS, default 1): the first drives the sequential case; the 20
// connections are split between all of them. On 2 cores, 1 client thread + the simulator thread fits best.
const CLIENT_THREADS = Math.max(1, Number(process.env.BENCH_CLIENT_THREADS ?? 1));
const workers = Array.from({ length: CLIENT_THREADS }, () => new Worker(new URL('./load-worker.mjs', import.meta.url)));
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

function runOn(worker: Worker, job: LoadJob): Promise<LoadResult> {
  const result = once(worker, 'message') as Promise<[LoadResult]>;
  worker.postMessage(job);
  return result.then(([r]) => r);
}

/** One load run, plus the server thread's busy time per round trip (event-loop utilisation of this thread). */
async function loadOnce(job: LoadJob): Promise<LoadResult & { serverUs: number }> {
  const before = performance.eventLoopUtilization();
  let r: LoadResult;
  if (job.connections === 1 || workers.length === 1) r = await runOn(workers[0]!, job);
  else {
    const shares = workers.map((_, i) => Math.floor(job.connections / workers.length) + (i < job.connections % workers.length ? 1 : 0));
    const parts = await Promise.all(workers.map((w, i) => runOn(w, { ...job, connections: shares[i]! })));
    r = {
      elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
      roundTrips: parts.reduce((n, p) => n + p.roundTrips, 0),
      p50Us: parts.reduce((n, p) => n + p.p50Us, 0) / parts.length,
      p99Us: Math.max(...parts.map((p) => p.p99Us)),
      mismatches: parts.reduce((n, p) => n + p.mismatches, 0),
    };
  }
  const busy = performance.eventLoopUtilization(performance.eventLoopUtilization(), before);
  return { ...r, serverUs: (busy.active * 1000) / r.roundTrips };
}

/** The best of REPEAT runs: the machine is shared, so the fastest run is the least disturbed one. */
async function load(job: LoadJob): Promise<LoadResult & { serverUs: number }> {
  let best: (LoadResult & { serverUs: number }) | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const r = await loadOnce(job);
    if (!best || r.roundTrips / r.elapsedMs > best.roundTrips / best.elapsedMs) best = r;
    if (best.mismatches === 0 && r.mismatches > 0) best = { ...best, mismatches: r.mismatches };
  }
  return best!;
}

const echo = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => undefined);
});
echo.listen(0, '127.0.0.1');
await once(echo, 'listening');
const echoPort = (echo.address() as AddressInfo).port;

const calmuxSim = await startSimulator(calmux, { ephemeralPorts: true });
const ifdSim = await startSimulator(ifDistributor, { ephemeralPorts: true });
const backendSim = await startSimulator(backend, { ephemeralPorts: true });

const IFD_REPLY = 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n';
const cases: Array<{ name: string; port: number; request: string; replyLength: number; greetingLength: number }> = [
  { name: 'echo', port: echoPort, request: '?\n', replyLength: 2, greetingLength: 0 },
  { name: 'calmux', port: calmuxSim.row.ports.listen!, request: '?\n', replyLength: 7, greetingLength: 0 },
  { name: 'IFD', port: ifdSim.row.ports.listen!, request: '? 0\n', replyLength: IFD_REPLY.length, greetingLength: 0 },
  { name: 'backend', port: backendSim.row.ports.listen!, request: '?get-tp0\r\n', replyLength: 17, greetingLength: 17 },
];

const rate = (r: LoadResult) => (r.roundTrips / r.elapsedMs) * 1000;
const k = (x: number) => `${(x / 1000).toFixed(1)}k`;

console.log(`sequential: ${SEQUENTIAL} round trips on one connection; parallel: ${CONNECTIONS} connections x ${PER_CONNECTION}`);
console.log(`best of ${REPEAT} runs per figure; ${CLIENT_THREADS} client thread(s); server µs = busy time of the simulator thread per round trip`);
console.log('case      seq cmd/s  p50 µs  | 20-conn cmd/s  p50 µs  server µs | vs echo (seq/20)  | vs reference (seq/20)');
let echoRates: [number, number] = [1, 1];
let mismatches = 0;
for (const c of cases) {
  // Warm up the JIT on both sides.
  await loadOnce({ ...c, connections: 1, perConnection: 2000 });
  const seq = await load({ ...c, connections: 1, perConnection: SEQUENTIAL });
  const par = await load({ ...c, connections: CONNECTIONS, perConnection: PER_CONNECTION });
  mismatches += seq.mismatches + par.mismatches;
  const rates: [number, number] = [rate(seq), rate(par)];
  if (c.name === 'echo') echoRates = rates;
  const ref = REFERENCE[c.name];
  console.log(
    `${c.name.padEnd(9)} ${k(rates[0]).padStart(9)}  ${seq.p50Us.toFixed(0).padStart(6)}  | ${k(rates[1]).padStart(13)}  ${par.p50Us.toFixed(0).padStart(6)}  ${par.serverUs.toFixed(1).padStart(9)} | ` +
      `${(rates[0] / echoRates[0]).toFixed(2)} / ${(rates[1] / echoRates[1]).toFixed(2)}`.padEnd(17) +
      ` | ${ref ? `${(rates[0] / ref[0]).toFixed(2)}x / ${(rates[1] / ref[1]).toFixed(2)}x` : '-'}`,
  );
}
console.log(`mismatched replies: ${mismatches}`);

// 1000 simultaneous connects to one backend row: all accepted, greeted and answered; the same against a
// bare server that greets and echoes, as the baseline.
const greeting = '!version,ok,1.2\r\n';
const bare = createServer((socket) => {
  socket.setNoDelay(true);
  socket.write(greeting);
  socket.on('data', () => socket.write(greeting));
  socket.on('error', () => undefined);
});
bare.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }); // the simulators' backlog
await once(bare, 'listening');

async function connects(port: number): Promise<[number, number]> {
  const started = performance.now();
  const answered = await Promise.all(
    Array.from(
      { length: 1000 },
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect({ port, host: '127.0.0.1' });
          let received = '';
          socket.on('data', (chunk: Buffer) => {
            received += chunk.toString('latin1');
            if (received === greeting) socket.write('?version\r\n');
            if (received.length >= 2 * greeting.length) {
              socket.destroy();
              resolve(received === greeting + greeting);
            }
          });
          socket.once('error', () => resolve(false));
        }),
    ),
  );
  return [answered.filter(Boolean).length, performance.now() - started];
}

const [bareOk, bareMs] = await connects((bare.address() as AddressInfo).port);
const [simOk, simMs] = await connects(backendSim.row.ports.listen!);
console.log(
  `1000 simultaneous connects (clients in the same thread): backend ${simOk} greeted and answered in ${simMs.toFixed(0)} ms; ` +
    `bare greeting server ${bareOk} in ${bareMs.toFixed(0)} ms (ratio ${(simMs / bareMs).toFixed(2)})`,
);
bare.close();

await Promise.all([calmuxSim.close(), ifdSim.close(), backendSim.close()]);
echo.close();
await Promise.all(workers.map((w) => w.terminate()));
