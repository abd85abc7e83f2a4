// Benchmark: command round trips per second over HTTP and event lag over SSE, against in-process baselines
// measured in the same run. Run: node --conditions=@observatory/source --import tsx bench/http-sse.ts
import { HttpJsonClient } from '@observatory/core';
import { createTelescopeClient, startTelescopeSimServer, type TelescopeAccess } from '../src/index.js';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 2000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sequential accepted commands (TelescopeOn/TelescopeOff alternately), `concurrency` loops at once. */
async function commandRate(access: TelescopeAccess, count: number, concurrency = 1): Promise<number> {
  const n = access.names;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await access.command(n.centralNode, i % 2 === 0 ? 'TelescopeOn' : 'TelescopeOff');
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

async function floorRate(url: string, count: number): Promise<number> {
  const http = new HttpJsonClient({ baseUrl: url });
  for (let i = 0; i < 200; i++) await http.get('/health'); // warm-up
  const start = performance.now();
  for (let i = 0; i < count; i++) await http.get('/health');
  const rate = count / ((performance.now() - start) / 1000);
  await http.close();
  return rate;
}

/** Time from a server-side change to its arrival at a subscriber, over `count` changes (one at a time). */
async function eventLag(access: TelescopeAccess, write: (value: string) => Promise<void>, count: number): Promise<number[]> {
  const device = access.names.dish(1);
  const lags: number[] = [];
  let sentAt = 0;
  let arrived: (() => void) | undefined;
  const unsubscribe = await access.subscribe(device, 'adminMode', (e) => {
    if (e.initial) return;
    lags.push(performance.now() - sentAt);
    arrived?.();
  });
  for (let i = 0; i < count; i++) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    sentAt = performance.now();
    await write(i % 2 === 0 ? 'OFFLINE' : 'ONLINE');
    await got;
  }
  await unsubscribe();
  return lags.sort((a, b) => a - b);
}

const running = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
const sim = running.simulator;
const pubsub = await createTelescopeClient({ url: running.url, readViaPubsub: true });
const polling = await createTelescopeClient({ url: running.url, readViaPubsub: false, pollIntervalMs: 50 });
const serverSideWrite = (v: string) => sim.write(sim.names.dish(1), 'adminMode', v);

try {
  // Warm-up (JIT, connection pool).
  await commandRate(pubsub, 200);
  const floor = await floorRate(running.url, COMMANDS);
  const inProcess = await commandRate(sim, COMMANDS * 10);
  const http1 = await commandRate(pubsub, COMMANDS, 1);
  const http8 = await commandRate(pubsub, COMMANDS, 8);
  console.log(`command round trips (${COMMANDS} accepted commands, TelescopeOn/Off)`);
  console.log(`  in process (baseline)        ${inProcess.toFixed(0).padStart(9)} /s`);
  console.log(`  HTTP GET /health (baseline)  ${floor.toFixed(0).padStart(9)} /s`);
  console.log(`  HTTP POST /commands, 1 loop  ${http1.toFixed(0).padStart(9)} /s  (${(http1 / floor).toFixed(2)}x GET /health, ${(inProcess / http1).toFixed(0)}x slower than in process)`);
  console.log(`  HTTP POST /commands, 8 loops ${http8.toFixed(0).padStart(9)} /s  (${(http8 / http1).toFixed(2)}x one loop)`);

  await sim.reset();
  const local = await eventLag(sim, serverSideWrite, EVENTS);
  const sse = await eventLag(pubsub, serverSideWrite, EVENTS);
  const polled = await eventLag(polling, serverSideWrite, Math.min(EVENTS, 60));
  const row = (name: string, l: number[]) =>
    `  ${name.padEnd(28)} p50 ${percentile(l, 50).toFixed(3).padStart(8)} ms  p95 ${percentile(l, 95).toFixed(3).padStart(8)} ms  p99 ${percentile(l, 99).toFixed(3).padStart(8)} ms`;
  console.log(`event lag (change on the server -> subscriber callback, ${EVENTS} changes)`);
  console.log(row('in process (baseline)', local));
  console.log(row('SSE (readViaPubsub)', sse));
  console.log(row('polling every 50 ms', polled));
  console.log(`  SSE p50 is ${(percentile(polled, 50) / percentile(sse, 50)).toFixed(0)}x lower than polling`);
} finally {
  await pubsub.close();
  await polling.close();
  await running.close();
}
