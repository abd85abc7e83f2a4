// Fixture overhead per layer against a zero-delay in-process simulator (setup plus teardown, 50 runs each).
// Run: node --conditions=@observatory/source --import tsx bench/fixture-overhead.ts
import { createTelescopeSimulator } from '@ska/telescope-simulator';
import type { TelescopeContext } from '../src/index.js';
import { ExecSettings, STANDARD_COMPOSITION, STANDARD_CONFIGURATION, TeardownStack, createTelescopeContext, simulatorEntryPoint, waitBuilder } from '../src/index.js';

const RUNS = 50;
const WARMUP = 10;
const info = { reason: 'test', testFailed: false } as const;

const sim = createTelescopeSimulator({ telescope: 'mid' });
const ep = await simulatorEntryPoint(sim);
const settings = new ExecSettings({ timeoutMs: 5000 });
const session = new TeardownStack('session');

function context(maintainOn: boolean): TelescopeContext {
  return createTelescopeContext({ entryPoint: ep, settings, sessionStack: session, testStack: new TeardownStack('test'), env: { maintainOn } });
}

async function measure(name: string, run: () => Promise<void>): Promise<{ name: string; p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { name, p50: at(0.5), p95: at(0.95) };
}

const names = ep.names;
const subarrayDevices = [names.tmSubarray(1), names.cspSubarray(1), names.sdpSubarray(1)];
async function rawObs(final: string, action: () => Promise<void>): Promise<void> {
  const w = waitBuilder(ep);
  for (const d of subarrayDevices) w.on(d).attr('obsState').toBe(final);
  await w.around(action, { timeoutMs: 5000 });
}

const results = [];

// Baseline: the same SUT work without skallop contexts (commands plus one wait each, no readiness or stacks).
await context(true).setUpATelescope();
results.push(
  await measure('baseline: raw Assign + Release', async () => {
    await rawObs('IDLE', () => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-bench-20260101-00001'));
    await rawObs('EMPTY', () => ep.tearDownSubarray(1));
  }),
);

results.push(
  await measure('runningTelescope (state present: no command)', async () => {
    const ctx = context(true);
    await ctx.setUpATelescope();
    await ctx.testStack.unwind(info);
  }),
);

results.push(
  await measure('runningTelescope (On + Off)', async () => {
    const ctx = context(false);
    const off = context(false);
    await off.switchOffNow(settings);
    await ctx.setUpATelescope();
    await ctx.testStack.unwind(info);
  }),
);
await context(true).setUpATelescope();

results.push(
  await measure('allocatedSubarray layer (Assign + Release)', async () => {
    const ctx = context(true);
    await ctx.allocateASubarray(1, [1, 2]);
    await ctx.testStack.unwind(info);
  }),
);

// The configure layer alone: the subarray is allocated outside the timed region.
{
  const ctx = context(true);
  const sub = await ctx.allocateASubarray(1, [1, 2]);
  results.push(
    await measure('configuredSubarray layer (Configure + End)', async () => {
      const layer = new TeardownStack('layer');
      sub.setTestStack(layer);
      await sub.configure(STANDARD_CONFIGURATION, 1);
      await layer.unwind(info);
    }),
  );
  await ctx.testStack.unwind(info);
}

results.push(
  await measure('configuredSubarray end to end (telescope ON)', async () => {
    const ctx = context(true);
    await ctx.setUpATelescope();
    const sub = await ctx.allocateASubarray(1, [1, 2]);
    await sub.configure(STANDARD_CONFIGURATION, 1);
    await ctx.testStack.unwind(info);
  }),
);

const baseline = results[0]!.p50;
console.log(`skallop fixture overhead, zero-delay in-process simulator, ${RUNS} runs each (ms)`);
console.log(`${'layer'.padEnd(48)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}  vs baseline p50`);
for (const r of results) console.log(`${r.name.padEnd(48)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(7)}  x${(r.p50 / baseline).toFixed(2)}`);
await session.unwind({ reason: 'session', testFailed: false });
await sim.close();
