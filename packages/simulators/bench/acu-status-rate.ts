/**
 * ACU status stream rate: clients on the status port receive 813-byte messages; we time their arrivals
 * over 5 s with 1 and with 50 subscribers. Baseline in the same run: a bare `setInterval(100)` timer.
 *
 *   node --conditions=@observatory/source --import tsx bench/acu-status-rate.ts
 */
import { connect } from 'node:net';
import { once } from 'node:events';
import { startSimulator } from '../src/framework/index.js';
import { acu } from '../src/systems/acu/index.js';
import { recordAcuFrameArrivals } from './acu-frames-helper.js';

const DURATION_MS = 5000;

interface Figures {
  frames: number;
  median: number;
  p5: number;
  p95: number;
  mean: number;
  perSecond: number;
}

function figures(arrivals: number[]): Figures {
  const periods = arrivals.slice(1).map((t, i) => t - (arrivals[i] as number));
  const sorted = [...periods].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const span = (arrivals[arrivals.length - 1] as number) - (arrivals[0] as number);
  return {
    frames: arrivals.length,
    median: at(0.5),
    p5: at(0.05),
    p95: at(0.95),
    mean: periods.reduce((a, b) => a + b, 0) / Math.max(1, periods.length),
    perSecond: ((arrivals.length - 1) * 1000) / span,
  };
}

/** Connects `n` clients; resolves with each client's frame arrival times over the duration. */
async function measure(port: number, n: number): Promise<number[][]> {
  const clients = await Promise.all(
    Array.from({ length: n }, async () => {
      const socket = connect({ port, host: '127.0.0.1' });
      await once(socket, 'connect');
      const arrivals = recordAcuFrameArrivals(socket);
      return { socket, arrivals };
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
  for (const c of clients) c.socket.destroy();
  return clients.map((c) => c.arrivals);
}

async function baseline(): Promise<number[]> {
  const arrivals: number[] = [];
  const timer = setInterval(() => arrivals.push(performance.now()), 100);
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
  clearInterval(timer);
  return arrivals;
}

const fmt = (f: Figures) =>
  `frames ${String(f.frames).padStart(4)}  rate ${f.perSecond.toFixed(2)}/s  median ${f.median.toFixed(2)} ms  p5 ${f.p5.toFixed(2)} ms  p95 ${f.p95.toFixed(2)} ms  mean ${f.mean.toFixed(2)} ms`;

const sim = await startSimulator(acu, { ephemeralPorts: true });
try {
  const port = sim.row.ports.send as number;
  const [single, base] = await Promise.all([measure(port, 1), baseline()]);
  const one = figures(single[0] ?? []);
  const timer = figures(base);
  console.log(`ACU status, 1 subscriber:   ${fmt(one)}`);
  console.log(`baseline setInterval(100):  ${fmt(timer)}`);
  const many = (await measure(port, 50)).map(figures);
  const medians = many.map((f) => f.median).sort((a, b) => a - b);
  const rates = many.map((f) => f.perSecond);
  console.log(
    `ACU status, 50 subscribers: median of medians ${medians[25]?.toFixed(2)} ms (min ${medians[0]?.toFixed(2)}, max ${medians[49]?.toFixed(2)})  rate ${Math.min(...rates).toFixed(2)}-${Math.max(...rates).toFixed(2)}/s`,
  );
  console.log(`ratio ACU median / baseline median (1 subscriber): ${(one.median / timer.median).toFixed(4)}`);
  console.log(`target: median 100 ms +-2 ms -> ${Math.abs(one.median - 100) <= 2 ? 'met' : 'NOT met'}`);
} finally {
  await sim.close();
}
