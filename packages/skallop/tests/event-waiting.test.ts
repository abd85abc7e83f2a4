import { createTelescopeSimulator, startTelescopeSimServer } from '@ska/telescope-simulator';
import type { TelescopeSimulatorOptions } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';
import type { TmcEntryPoint } from '../src/index.js';
import { PollingModeError, STANDARD_COMPOSITION, TransitOrderError, WaitTimeoutError, httpEntryPoint, simulatorEntryPoint, waitBuilder } from '../src/index.js';

async function simulated(options: TelescopeSimulatorOptions = {}): Promise<TmcEntryPoint & AsyncDisposable> {
  const sim = createTelescopeSimulator(options);
  const ep = await simulatorEntryPoint(sim, { closeAccess: true });
  return Object.assign(ep, { [Symbol.asyncDispose]: () => ep.close() });
}

async function switchOn(ep: TmcEntryPoint): Promise<void> {
  await waitBuilder(ep).on(ep.names.centralNode).attr('telescopeState').toBe('ON', { ignoreFirst: false }).around(() => ep.setTelescopeToRunning(), { timeoutMs: 2000 });
}

describe('event waiting against the simulator', () => {
  it('never misses a final event over 1000 around() calls at zero delay', async () => {
    await using ep = await simulated();
    await switchOn(ep);
    const n = ep.names;
    const devices = [n.tmSubarray(1), n.cspSubarray(1), n.sdpSubarray(1)];
    for (let i = 0; i < 500; i++) {
      const assign = waitBuilder(ep);
      for (const d of devices) assign.on(d).attr('obsState').toBe('IDLE');
      await assign.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, `sbi-test-20260101-${i}`), { timeoutMs: 1000 });
      const release = waitBuilder(ep);
      for (const d of devices) release.on(d).attr('obsState').toBe('EMPTY');
      await release.around(() => ep.tearDownSubarray(1), { timeoutMs: 1000 });
    }
    expect((await ep.read(n.tmSubarray(1), 'obsState')).value).toBe('EMPTY');
  });

  it('sees TM ahead on RESOURCING and behind on IDLE with csp 5 / sdp 10 ms skews', async () => {
    await using ep = await simulated({ skews: { csp: 5, sdp: 10 } });
    await switchOn(ep);
    const n = ep.names;
    const w = waitBuilder(ep).on(n.tmSubarray(1)).attr('obsState').toBe('IDLE');
    const checker = w.transitChecker(n.tmSubarray(1), 'obsState', ['EMPTY', ['RESOURCING', 'ahead'], ['IDLE', 'behind']], [n.cspSubarray(1), n.sdpSubarray(1)]);
    await w.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00001'), { timeoutMs: 2000 });
    checker.assertAheadOfAll('RESOURCING');
    checker.assertBehindAll('IDLE');
    checker.assertOrder();
    expect(() => checker.assertBehindAll('RESOURCING')).toThrow(TransitOrderError);
  });

  it('fails the ahead check when the skews are inverted, showing the relevant rows', async () => {
    await using ep = await simulated({ skews: { tm: 10, csp: 0, sdp: 0 } });
    await switchOn(ep);
    const n = ep.names;
    const w = waitBuilder(ep).on(n.tmSubarray(1)).attr('obsState').toBe('IDLE');
    const checker = w.transitChecker(n.tmSubarray(1), 'obsState', [['RESOURCING', 'ahead'], 'IDLE'], [n.cspSubarray(1), n.sdpSubarray(1)]);
    await w.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00002'), { timeoutMs: 2000 });
    let err: unknown;
    try {
      checker.assertAheadOfAll('RESOURCING');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TransitOrderError);
    expect((err as Error).message).toContain('was not ahead of mid-csp/subarray/01');
    expect((err as Error).message).toMatch(/mid-sdp\/subarray\/01\s+obsState\s+RESOURCING/);
  });

  it('times out with only the dropped condition unmet when CSP obsState events are dropped', async () => {
    await using ep = await simulated();
    await switchOn(ep);
    const sim = ep.devices as ReturnType<typeof createTelescopeSimulator>;
    const n = ep.names;
    sim.faults.inject({ kind: 'dropEvents', device: n.cspSubarray(1), attr: 'obsState' });
    const w = waitBuilder(ep);
    for (const d of [n.tmSubarray(1), n.cspSubarray(1), n.sdpSubarray(1)]) w.on(d).attr('obsState').toBe('IDLE');
    const err = await w.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00003'), { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).unmet.map((u) => u.condition)).toEqual(['mid-csp/subarray/01 obsState to be IDLE']);
  });

  it('passes the same dropped-events wait by polling over HTTP, where transit checks are refused', async () => {
    await using running = await startTelescopeSimServer({ port: 0 });
    const ep = await httpEntryPoint({ url: running.url, readViaPubsub: false, pollIntervalMs: 5 });
    try {
      await switchOn(ep as TmcEntryPoint);
      const n = ep.names;
      running.simulator.faults.inject({ kind: 'dropEvents', device: n.cspSubarray(1), attr: 'obsState' });
      const w = waitBuilder(ep);
      for (const d of [n.tmSubarray(1), n.cspSubarray(1), n.sdpSubarray(1)]) w.on(d).attr('obsState').toBe('IDLE');
      await w.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00004'), { timeoutMs: 2000 });
      expect(() => waitBuilder(ep).transitChecker(n.tmSubarray(1), 'obsState', ['IDLE'], [n.cspSubarray(1)])).toThrow(PollingModeError);
    } finally {
      await ep.close?.();
    }
  });
});
