// Benchmark: command -> obsState change event latency over Tango (ZMQ events) against HTTP+SSE, one simulator
// served by both adapters in the same run. Each sample: send Configure (or End) and time until the client's own
// subscription delivers the subarray's next obsState change. Target: Tango p99 within 2x the SSE p99.
// Run: node --conditions=@observatory/source --import tsx bench/tango-vs-sse.ts
import { DatabaseServer } from '@observatory/tango';
import { createTelescopeClient, startTelescopeSimServer, type DeviceAccess } from '../src/index.js';
import { createTangoTelescopeClient, serveTelescopeOnTango } from '../src/tango.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Alternates Configure (IDLE -> CONFIGURING) and End (READY -> IDLE) on subarray 1; latency to the first change. */
async function latencies(access: DeviceAccess, samples: number): Promise<number[]> {
  const tm = access.names.tmSubarray(1);
  const out: number[] = [];
  let waiting: { want: string; resolve: () => void } | undefined;
  const unsubscribe = await access.subscribe(tm, 'obsState', (e) => {
    if (!e.initial && waiting && e.value === waiting.want) waiting.resolve();
  });
  const step = async (command: string, argin: unknown, first: string, settle: string): Promise<number> => {
    const firstSeen = new Promise<void>((resolve) => (waiting = { want: first, resolve }));
    const t0 = performance.now();
    await access.command(tm, command, argin);
    await firstSeen;
    const lag = performance.now() - t0;
    if (settle !== first) await new Promise<void>((resolve) => (waiting = { want: settle, resolve }));
    return lag;
  };
  for (let i = 0; i < samples; i++) {
    out.push(await step('Configure', JSON.stringify({ tmc: { scan_duration: 1 } }), 'CONFIGURING', 'READY'));
    out.push(await step('End', undefined, 'IDLE', 'IDLE'));
  }
  await unsubscribe();
  return out.sort((a, b) => a - b);
}

const db = new DatabaseServer({ port: 0 });
await db.start();
const running = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
const sim = running.simulator;
const tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
const sse = await createTelescopeClient({ url: running.url, readViaPubsub: true });
const zmq = createTangoTelescopeClient({ telescope: 'mid', tangoHost: db.tangoHost, readViaPubsub: true });
try {
  await sim.command(sim.names.centralNode, 'TelescopeOn');
  await new Promise((r) => setTimeout(r, 50));
  await sim.command(sim.names.centralNode, 'AssignResources', { subarray_id: 1, dish: { receptor_ids: ['SKA001'] } });
  await new Promise((r) => setTimeout(r, 50));
  // warm-up both paths (JIT, connections, subscriptions)
  await latencies(sse, 30);
  await latencies(zmq, 30);
  const a = await latencies(sse, SAMPLES);
  const b = await latencies(zmq, SAMPLES);
  const row = (name: string, l: number[]) =>
    `  ${name.padEnd(26)} p50 ${percentile(l, 50).toFixed(2).padStart(7)} ms  p95 ${percentile(l, 95).toFixed(2).padStart(7)} ms  p99 ${percentile(l, 99).toFixed(2).padStart(7)} ms`;
  console.log(`command -> obsState change event, ${a.length} commands each (Configure/End on subarray 1, zero delay)`);
  console.log(row('HTTP + SSE (baseline)', a));
  console.log(row('Tango (ZMQ events)', b));
  console.log(`  Tango p99 / SSE p99 = ${(percentile(b, 99) / percentile(a, 99)).toFixed(2)} (target <= 2), p50 ratio ${(percentile(b, 50) / percentile(a, 50)).toFixed(2)}`);
} finally {
  await zmq.close();
  await sse.close();
  await tango.close();
  await running.close();
  await db.close();
}
