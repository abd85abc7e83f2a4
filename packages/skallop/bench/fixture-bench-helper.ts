// Shared by fixture-overhead.ts (in process) and fixture-overhead-tango.ts: the per-layer measurements.
import type { EntryPoint, TelescopeContext } from '../src/index.js';
import { ExecSettings, STANDARD_COMPOSITION, STANDARD_CONFIGURATION, TeardownStack, createTelescopeContext, waitBuilder } from '../src/index.js';

export const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 10;
const info = { reason: 'test', testFailed: false } as const;

export interface LayerResult {
  name: string;
  p50: number;
  p95: number;
}

/** Setup plus teardown of each fixture layer against `ep` (its telescope must be OFF or ON, subarray 1 EMPTY). */
export async function measureLayers(ep: EntryPoint): Promise<LayerResult[]> {
  const settings = new ExecSettings({ timeoutMs: 10_000 });
  const session = new TeardownStack('session');
  const context = (maintainOn: boolean): TelescopeContext =>
    createTelescopeContext({ entryPoint: ep, settings, sessionStack: session, testStack: new TeardownStack('test'), env: { maintainOn } });
  const measure = async (name: string, run: () => Promise<void>): Promise<LayerResult> => {
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
  };
  const names = ep.names;
  const subarrayDevices = [names.tmSubarray(1), names.cspSubarray(1), names.sdpSubarray(1)];
  const rawObs = async (final: string, action: () => Promise<void>): Promise<void> => {
    const w = waitBuilder(ep);
    for (const d of subarrayDevices) w.on(d).attr('obsState').toBe(final);
    await w.around(action, { timeoutMs: 10_000 });
  };

  const results: LayerResult[] = [];

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


  await session.unwind({ reason: 'session', testFailed: false });
  return results;
}

/** Prints one table; with `reference` (the same layers measured in process), the difference per layer. */
export function printLayers(title: string, results: LayerResult[], reference?: LayerResult[]): void {
  const baseline = results[0]!.p50;
  console.log(title);
  console.log(`${'layer'.padEnd(48)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}  vs baseline p50${reference ? '   in process p50   overhead p50' : ''}`);
  results.forEach((r, i) => {
    const ref = reference?.[i];
    const extra = ref ? `   ${ref.p50.toFixed(2).padStart(14)}   ${(r.p50 - ref.p50).toFixed(2).padStart(12)}` : '';
    console.log(`${r.name.padEnd(48)} ${r.p50.toFixed(2).padStart(7)} ${r.p95.toFixed(2).padStart(7)}  x${(r.p50 / baseline).toFixed(2).padEnd(14)}${extra}`);
  });
}
