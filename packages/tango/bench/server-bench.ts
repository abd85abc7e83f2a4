// Device-server benchmarks (issue 17), each against a baseline measured in the same run:
// 1. PyTango read_attribute(double_scalar) from our TypeScript TangoTest vs from cppTango's TangoTest (nodb);
//    target ratio ≥ 0.8.
// 2. Event fan-out: 100 subscribers (our client) to one attribute pushed at 100 Hz; p50/p99 publish-to-callback
//    latency (target p99 < 10 ms), vs bare zeromq PUB→SUB fan-out of the same frames.
// Loopback only, each case bounded (≤ 10 s).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Publisher, Subscriber } from 'zeromq';
import { ConnectionPool, DeviceProxy, EventSubscriber, type TangoEvent } from '../src/index.js';
import { defineDeviceClass } from '../src/server/device-class.js';
import { DeviceServer } from '../src/server/device-server.js';
import { freePort, startProcess, startTangoTest } from '../src/testing/index.js';

const PYTHON = '/usr/bin/python3';
const DEVICE_BIN = fileURLToPath(new URL('../dist/devices/main.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

function pytangoRate(url: string): Promise<number> {
  const script = fileURLToPath(new URL('./server-pytango-read-rate.py', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, url, 'double_scalar', String(SECONDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve((JSON.parse(out) as { rate: number }).rate) : reject(new Error(`python: ${err}`))));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function readRate(): Promise<void> {
  if (!existsSync(PYTHON) || !existsSync('/usr/lib/tango/TangoTest')) {
    console.log('read rate: skipped (needs /usr/bin/python3 with PyTango and /usr/lib/tango/TangoTest)');
    return;
  }
  // Our TangoTest runs as its own process from the built package (`tango-test-device`, what users deploy), as
  // cppTango's does: the bench process's own work and its source-mode transpilation stay out of the figure.
  if (!existsSync(DEVICE_BIN)) {
    console.log(`read rate: skipped (build first: ${DEVICE_BIN} is missing; npm run build)`);
    return;
  }
  const port = await freePort();
  const ts = await startProcess(process.execPath, [DEVICE_BIN, '--nodb', '--port', String(port), '--log-level', 'warn', 'bench'], {
    ready: /ready on port/,
    name: 'tango-test-device',
  });
  const tsUrl = `tango://127.0.0.1:${port}/sys/tg_test/1#dbase=no`;
  const cpp = await startTangoTest();
  try {
    // Alternate the two servers so machine load affects both alike.
    const tsRates: number[] = [];
    const cppRates: number[] = [];
    for (let round = 0; round < 2; round++) {
      cppRates.push(await pytangoRate(cpp.url));
      tsRates.push(await pytangoRate(tsUrl));
    }
    const best = (xs: number[]): number => Math.max(...xs);
    console.log(`PyTango read_attribute double_scalar, sequential, ${SECONDS} s x2 each (best):`);
    console.log(`  cppTango TangoTest (baseline): ${best(cppRates).toFixed(0)} reads/s`);
    console.log(`  TypeScript TangoTest:          ${best(tsRates).toFixed(0)} reads/s`);
    console.log(`  ratio TS / cppTango:           ${(best(tsRates) / best(cppRates)).toFixed(2)} (target ≥ 0.80)`);
  } finally {
    await cpp.stop();
    await ts.stop();
  }
}

const Pusher = defineDeviceClass<{ n: number }>({
  name: 'Pusher',
  initialState: 'ON',
  create: () => ({ n: 0 }),
  // The value is the push time (ms, performance.timeOrigin-based) so subscribers can compute the latency.
  attributes: [{ name: 'stamp', type: 'DevDouble', pushChangeEvents: true, read: () => performance.timeOrigin + performance.now() }],
});

async function fanOut(): Promise<void> {
  const SUBSCRIBERS = 100;
  const HZ = 100;
  const server = new DeviceServer({ executable: 'Bench', instance: 'fanout', devices: [{ deviceClass: Pusher, name: 'bench/pusher/1' }] });
  await server.start();
  const pool = new ConnectionPool();
  const proxy = new DeviceProxy(server.deviceUrl('bench/pusher/1'), { pool });
  const subscribers: EventSubscriber[] = [];
  const latencies: number[] = [];
  let measuring = false;
  try {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const s = new EventSubscriber();
      subscribers.push(s);
      await s.subscribe(proxy, 'stamp', 'change', (e: TangoEvent) => {
        if (!measuring || e.source !== 'event' || typeof e.reading?.value !== 'number') return;
        latencies.push(performance.timeOrigin + performance.now() - e.reading.value);
      });
    }
    const device = server.device('bench/pusher/1');
    const push = (): Promise<void> => device.context.pushEvent('stamp', 'change', performance.timeOrigin + performance.now());
    // Warm-up (ZMQ slow joiners), then 5 s at 100 Hz.
    for (let i = 0; i < 50; i++) {
      await push();
      await new Promise((r) => setTimeout(r, 10));
    }
    measuring = true;
    const pushes = 5 * HZ;
    const start = performance.now();
    for (let i = 0; i < pushes; i++) {
      await push();
      const next = start + ((i + 1) * 1000) / HZ;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    await new Promise((r) => setTimeout(r, 200));
    measuring = false;
    const sorted = [...latencies].sort((a, b) => a - b);
    const base = await zmqBaseline(SUBSCRIBERS, HZ, pushes);
    console.log(`Event fan-out: ${SUBSCRIBERS} subscribers, one attribute pushed at ${HZ} Hz for ${pushes / HZ} s:`);
    console.log(`  delivered ${latencies.length} / ${pushes * SUBSCRIBERS} callbacks (dropped by publisher: ${server.eventStats.dropped})`);
    console.log(`  Tango events  p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (target p99 < 10 ms)`);
    console.log(`  bare zeromq   p50 ${base.p50.toFixed(2)} ms, p99 ${base.p99.toFixed(2)} ms (baseline)`);
    console.log(`  ratio p99 Tango / bare: ${(percentile(sorted, 99) / base.p99).toFixed(2)}`);
  } finally {
    for (const s of subscribers) await s.close();
    await proxy.close();
    await pool.close();
    await server.close();
  }
}

/** The same fan-out with bare zeromq sockets (no CDR, no Tango bookkeeping). */
async function zmqBaseline(subscribers: number, hz: number, pushes: number): Promise<{ p50: number; p99: number }> {
  const pub = new Publisher({ sendHighWaterMark: 1000, linger: 0 });
  await pub.bind('tcp://127.0.0.1:*');
  const endpoint = pub.lastEndpoint!;
  const latencies: number[] = [];
  let measuring = false;
  const subs: Subscriber[] = [];
  const loops: Array<Promise<void>> = [];
  for (let i = 0; i < subscribers; i++) {
    const s = new Subscriber();
    s.connect(endpoint);
    s.subscribe('t');
    subs.push(s);
    loops.push(
      (async () => {
        try {
          for await (const [, data] of s) {
            if (measuring) latencies.push(performance.timeOrigin + performance.now() - data!.readDoubleLE(0));
          }
        } catch {
          // closed
        }
      })(),
    );
  }
  const frame = (): Buffer => {
    const b = Buffer.alloc(96);
    b.writeDoubleLE(performance.timeOrigin + performance.now(), 0);
    return b;
  };
  for (let i = 0; i < 50; i++) {
    await pub.send(['t', frame()]);
    await new Promise((r) => setTimeout(r, 10));
  }
  measuring = true;
  const start = performance.now();
  for (let i = 0; i < pushes; i++) {
    await pub.send(['t', frame()]);
    const next = start + ((i + 1) * 1000) / hz;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await new Promise((r) => setTimeout(r, 200));
  measuring = false;
  for (const s of subs) s.close();
  pub.close();
  await Promise.all(loops);
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

await readRate();
await fanOut();
