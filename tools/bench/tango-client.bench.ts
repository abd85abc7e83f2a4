/**
 * @observatory/tango client vs PyTango 9.3.6 against the same cppTango TangoTest process, same run (T-PERF-1):
 * read_attribute double_scalar sequential and 16 in flight on one connection, command_inout DevString and
 * write_attribute (one round trip thanks to the metadata cache, PyTango pays two), and change-event latency
 * (database mode, TangoTest polling `State` every 5 ms while a PyTango child calls `SwitchStates` every 10 ms, so
 * each client collects hundreds of events) as p50/p99 of receive time minus the server's timestamp.
 * Targets: reads ≥ 1.2× PyTango, pipelined ≥ 1.5× PyTango sequential, command/write ≥ 2×, event p99 ≤ PyTango's.
 * Each case runs twice, interleaved with PyTango, and keeps the best window of each. BENCH_DURATION_MS (default 2000) per window; BENCH_EVENTS=0 skips the database-mode event case.
 */
import { DeviceProxy, EventSubscriber, addObjPollingArg, type TangoEvent } from '@observatory/tango';
import { runPyTango, startTangoDatabase, startTangoTest, tangoAvailability } from '@observatory/tango/testing';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 2000);
const seconds = DURATION_MS / 1000;

const available = tangoAvailability();
if (!available.tangoTest || !available.pytango) {
  console.log(`skipped: ${available.reason}`);
  process.exit(0);
}

const PY_RATE = String.raw`
import time
d = tango.DeviceProxy(ARGS['url'])
kind = ARGS['kind']
d.read_attribute('double_scalar'); d.command_inout('DevString', 'x'); d.write_attribute('double_scalar', 1.0)
end = time.time() + ARGS['seconds']
n = 0
t0 = time.time()
while time.time() < end:
    for _ in range(50):
        if kind == 'read':
            d.read_attribute('double_scalar')
        elif kind == 'command':
            d.command_inout('DevString', 'hello')
        else:
            d.write_attribute('double_scalar', 1.5)
    n += 50
emit({'rate': n / (time.time() - t0)})
`;

async function tsRate(kind: 'read' | 'command' | 'write', proxy: DeviceProxy, inFlight = 1): Promise<number> {
  const op = (): Promise<unknown> => (kind === 'read' ? proxy.read('double_scalar') : kind === 'command' ? proxy.command('DevString', 'hello') : proxy.write('double_scalar', 1.5));
  // Warm up (JIT, metadata cache, server threads) before the measured window, as PyTango's C++ core needs none.
  const warm = performance.now() + Math.min(1000, DURATION_MS / 2);
  while (performance.now() < warm) await op();
  let n = 0;
  const t0 = performance.now();
  const end = t0 + DURATION_MS;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        await op();
        n++;
      }
    }),
  );
  return (n * 1000) / (performance.now() - t0);
}

function line(name: string, ours: number, theirs: number, target: number): void {
  const ratio = ours / theirs;
  console.log(`${name.padEnd(44)} ours ${ours.toFixed(0).padStart(7)}/s  PyTango ${theirs.toFixed(0).padStart(7)}/s  ratio ${ratio.toFixed(2)} (target ≥ ${target}) ${ratio >= target ? 'OK' : 'BELOW TARGET'}`);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

const tt = await startTangoTest();
const proxy = new DeviceProxy(tt.url, { timeoutMs: 10_000 });
try {
  console.log(`TangoTest nodb on ${tt.host}:${tt.port}; ${DURATION_MS} ms per case`);
  for (const kind of ['read', 'command', 'write'] as const) {
    // Interleaved twice and the best of each kept: on a shared machine a single window swings by tens of percent.
    const pyRate = async (): Promise<number> => (await runPyTango<{ rate: number }>(PY_RATE, { url: tt.url, kind, seconds })).rate;
    const runs = { ours: [await tsRate(kind, proxy)], py: [await pyRate()] };
    runs.ours.push(await tsRate(kind, proxy));
    runs.py.push(await pyRate());
    console.log(`  (${kind}: ours ${runs.ours.map((r) => r.toFixed(0)).join(', ')}/s; PyTango ${runs.py.map((r) => r.toFixed(0)).join(', ')}/s)`);
    const ours = Math.max(...runs.ours);
    const py = Math.max(...runs.py);
    const label = kind === 'read' ? 'read_attribute double_scalar, sequential' : kind === 'command' ? 'command_inout DevString, sequential' : 'write_attribute double_scalar, sequential';
    line(label, ours, py, kind === 'read' ? 1.2 : 2);
    if (kind === 'read') line('read_attribute double_scalar, 16 in flight', await tsRate('read', proxy, 16), py, 1.5);
  }
} finally {
  await proxy.close();
  await tt.stop();
}

if (process.env.BENCH_EVENTS !== '0' && available.database) {
  const db = await startTangoDatabase();
  const server = await startTangoTest({ tangoHost: db.tangoHost });
  const dev = new DeviceProxy(`tango://${db.tangoHost}/sys/tg_test/1`);
  try {
    const admin = await dev.adminDevice();
    // TangoTest's attribute values never change by themselves: its State does, on every SwitchStates.
    await admin.command('AddObjPolling', addObjPollingArg('sys/tg_test/1', 'State', 5));
    await admin.close();
    const windowS = Math.max(5, seconds * 2);
    const PY_SWITCH = String.raw`
import time
d = tango.DeviceProxy(ARGS['name'])
end = time.time() + ARGS['seconds']
while time.time() < end:
    try:
        d.command_inout('SwitchStates')
    except tango.DevFailed:
        pass  # a loaded machine can refuse a connection now and then: keep switching
    time.sleep(0.01)
emit(0)
`;
    const dbEnv = { env: { ...process.env, TANGO_HOST: db.tangoHost } };
    const switching = (): Promise<unknown> => runPyTango(PY_SWITCH, { name: 'sys/tg_test/1', seconds: windowS + 1 }, dbEnv);
    const PY_EVENTS = String.raw`
import time
lat = []
def cb(ev):
    if ev.err or ev.attr_value is None: return
    t = ev.attr_value.time
    lat.append(time.time() * 1000 - (t.tv_sec * 1000 + t.tv_usec / 1000))
d = tango.DeviceProxy(ARGS['name'])
i = d.subscribe_event('State', tango.EventType.CHANGE_EVENT, cb)
time.sleep(ARGS['seconds'])
d.unsubscribe_event(i)
emit(lat[1:])
`;
    const pySwitch = switching();
    const pyLat = await runPyTango<number[]>(PY_EVENTS, { name: 'sys/tg_test/1', seconds: windowS }, dbEnv);
    await pySwitch;
    const ours: number[] = [];
    await using events = new EventSubscriber();
    const tsSwitch = switching();
    const sub = await events.subscribe(dev, 'State', 'change', (e: TangoEvent) => {
      // The first delivery (source 'initial') is the current value read at subscription, not a pushed change.
      if (e.source === 'event' && e.reading) ours.push(Date.now() - e.reading.time.getTime());
    });
    await new Promise((resolve) => setTimeout(resolve, windowS * 1000));
    await sub.unsubscribe();
    await tsSwitch;
    const p99o = percentile(ours, 99);
    const p99p = percentile(pyLat, 99);
    console.log(
      `change event latency (ms, server timestamp → callback): ours p50 ${percentile(ours, 50).toFixed(1)} p99 ${p99o.toFixed(1)} (${ours.length} events); ` +
        `PyTango p50 ${percentile(pyLat, 50).toFixed(1)} p99 ${p99p.toFixed(1)} (${pyLat.length} events) ${p99o <= p99p ? 'OK' : 'ABOVE PyTango'}`,
    );
  } finally {
    await dev.close();
    await server.stop();
    await db.stop();
  }
}
