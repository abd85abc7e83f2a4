/**
 * Flood fairness of the simulators (issue 13, items 12-13). One process runs the ACU, minor_servos and calmux
 * simulators (a child, as `discos-simulator start` does). While one connection floods minor_servos, we time the
 * ACU status stream (813-byte frames every 100 ms) and a calmux control client (`?\n`, closed loop). Baseline in
 * the same run: the same measurements without a flood. Targets: ACU period within 100 +-2 ms, control p99 < 50 ms.
 *
 *   npm run bench -- flood-fairness
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { recordAcuFrameArrivals } from './acu-frames-helper.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The repository's flooding client (tools/bench), shared with the backend's flood benchmark. */
const FLOOD_CHILD = fileURLToPath(new URL('../../../tools/bench/tcp-flood-child.ts', import.meta.url));
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 4000);

interface Ports {
  acuStatus: number;
  minorServos: number;
  calmux: number;
}

let childProcess: ReturnType<typeof spawn> | undefined;

/** The server process's event-loop delay since the last call (ms). */
async function serverLoopDelay(): Promise<{ p50: number; p99: number; max: number }> {
  const child = childProcess!;
  child.send('delay');
  const [message] = (await once(child, 'message')) as [{ p50: number; p99: number; max: number }];
  return message;
}

async function startChild(): Promise<{ ports: Ports; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'bench/fairness-child.ts'], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  childProcess = child;
  let out = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    out += chunk as string;
    const line = out.split('\n')[0];
    if (out.includes('\n') && line) {
      const stop = async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await once(child, 'exit');
      };
      return { ports: JSON.parse(line) as Ports, stop };
    }
  }
  throw new Error('simulator child did not start');
}

async function open(port: number): Promise<Socket> {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return socket;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Arrival times of ACU status frames until `stop` resolves. */
async function acuArrivals(port: number, stop: Promise<void>): Promise<number[]> {
  const socket = await open(port);
  const arrivals = recordAcuFrameArrivals(socket);
  await stop;
  socket.destroy();
  return arrivals;
}

/** Closed-loop `?\n` round trips on calmux until `stop` resolves; one request in flight, 1 ms apart. */
async function controlLatencies(port: number, stop: Promise<void>): Promise<number[]> {
  const socket = await open(port);
  const latencies: number[] = [];
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  let t0 = 0;
  let received = '';
  const fire = () => {
    if (stopped) return;
    t0 = performance.now();
    socket.write('?\n');
  };
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    while (received.includes('\n')) {
      received = received.slice(received.indexOf('\n') + 1);
      latencies.push(performance.now() - t0);
      setTimeout(fire, 1);
    }
  });
  fire();
  await stop;
  socket.destroy();
  return latencies;
}

/** Floods `port` from a separate process until `stop`; resolves with the bytes written. */
async function flood(port: number, kind: 'junk' | 'fuzz', stop: Promise<void>): Promise<number> {
  const child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', FLOOD_CHILD, kind === 'fuzz' ? 'fuzz-lf' : 'junk', String(port)], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  await stop;
  child.kill('SIGTERM');
  await once(child, 'exit');
  return Number(out.split('\n')[1] ?? 0);
}

interface Result {
  periods: number[];
  latencies: number[];
  floodBytes: number;
  loop: { p50: number; p99: number; max: number };
}

async function phase(ports: Ports, kind?: 'junk' | 'fuzz'): Promise<Result> {
  await serverLoopDelay(); // reset
  const stop = new Promise<void>((resolve) => setTimeout(resolve, PHASE_MS));
  const [arrivals, latencies, floodBytes] = await Promise.all([
    acuArrivals(ports.acuStatus, stop),
    controlLatencies(ports.calmux, stop),
    kind ? flood(ports.minorServos, kind, stop) : Promise.resolve(0),
  ]);
  const loop = await serverLoopDelay();
  // The first period may start mid-interval.
  const periods = arrivals.slice(2).map((t, i) => t - (arrivals[i + 1] as number));
  return { periods, latencies, floodBytes, loop };
}

function report(name: string, r: Result, base?: Result): void {
  const dev = r.periods.map((p) => Math.abs(p - 100));
  const p99 = quantile(r.latencies, 0.99);
  const line = [
    `${name.padEnd(26)}`,
    `ACU frames ${String(r.periods.length + 2).padStart(3)}`,
    `period p50 ${quantile(r.periods, 0.5).toFixed(2)} ms`,
    `max |dev| ${Math.max(...dev).toFixed(2)} ms`,
    `p99 |dev| ${quantile(dev, 0.99).toFixed(2)} ms`,
    `| control n ${r.latencies.length}`,
    `p50 ${quantile(r.latencies, 0.5).toFixed(2)} ms`,
    `p99 ${p99.toFixed(2)} ms`,
    `max ${Math.max(...r.latencies).toFixed(2)} ms`,
  ];
  line.push(`| server loop delay p99 ${r.loop.p99.toFixed(2)} ms max ${r.loop.max.toFixed(2)} ms`);
  if (r.floodBytes) line.push(`| flood ${(r.floodBytes / 1024 / 1024 / (PHASE_MS / 1000)).toFixed(1)} MiB/s`);
  if (base) line.push(`| control p99 / baseline ${(p99 / quantile(base.latencies, 0.99)).toFixed(2)}`);
  console.log(line.join('  '));
  const acuOk = Math.max(...dev) <= 2;
  console.log(`${' '.repeat(26)}targets: ACU within +-2 ms ${acuOk ? 'met' : 'NOT met'}; control p99 < 50 ms ${p99 < 50 ? 'met' : 'NOT met'}`);
}

const { ports, stop } = await startChild();
try {
  await phase(ports); // warm-up
  const base = await phase(ports);
  report('baseline (no flood)', base);
  report('junk without CRLF', await phase(ports, 'junk'), base);
  report('random bytes with LF', await phase(ports, 'fuzz'), base);
} finally {
  await stop();
}
