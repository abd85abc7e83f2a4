import type { TelescopeSimulator } from '@ska/telescope-simulator';
import { createTelescopeSimulator } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';
import type { EntryPoint, TelescopeContext } from '../src/index.js';
import { ExecSettings, STANDARD_COMPOSITION, STANDARD_CONFIGURATION, createTelescopeContext, simulatorEntryPoint } from '../src/index.js';

interface Rig extends AsyncDisposable {
  sim: TelescopeSimulator;
  ep: EntryPoint;
  ctx: TelescopeContext;
  unwind(): Promise<void>;
  commands(): string[];
}

async function rig(maintainOn = true): Promise<Rig> {
  const sim = createTelescopeSimulator();
  const ep = await simulatorEntryPoint(sim, { closeAccess: true });
  const ctx = createTelescopeContext({ entryPoint: ep, settings: new ExecSettings({ timeoutMs: 2000 }), env: { maintainOn } });
  return {
    sim,
    ep,
    ctx,
    unwind: () => ctx.testStack.unwind({ reason: 'test', testFailed: false }),
    commands: () => sim.commandLog.filter((e) => e.outcome === 'accepted').map((e) => e.command),
    [Symbol.asyncDispose]: async () => {
      await ctx.sessionStack.unwind({ reason: 'session', testFailed: false });
      await ep.close?.();
    },
  };
}

const tmObs = (r: Rig): string => r.sim.obsState(1, 'tm');

describe('TelescopeContext', () => {
  it('setUpATelescope registers Off on the session stack with maintain-on, on the test stack without', async () => {
    await using on = await rig(true);
    await on.ctx.setUpATelescope();
    expect([on.ctx.sessionStack.size, on.ctx.testStack.size]).toEqual([1, 0]);
    await using off = await rig(false);
    await off.ctx.setUpATelescope();
    expect([off.ctx.sessionStack.size, off.ctx.testStack.size]).toEqual([0, 1]);
    await off.unwind();
    expect(off.commands()).toEqual(['TelescopeOn', 'TelescopeOff']);
  });

  it('waitForStartingUp / disableAutomaticSetdown / waitForShuttingDown', async () => {
    await using r = await rig(false);
    await r.ctx.waitForStartingUp(() => r.ep.setTelescopeToRunning());
    expect(r.ctx.state).toBe('ON');
    expect(r.ctx.disableAutomaticSetdown()).toBe(true);
    await r.ctx.waitForShuttingDown(() => r.ep.setTelescopeToStandby());
    expect(r.ctx.state).toBe('OFF');
    await r.unwind();
    expect(r.commands()).toEqual(['TelescopeOn', 'TelescopeOff']);
  });

  it('waitForAllocatingASubarray registers the release', async () => {
    await using r = await rig();
    await r.ctx.setUpATelescope();
    const sub = await r.ctx.waitForAllocatingASubarray(1, [1, 2], () => r.ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00100'));
    expect(sub.obsState).toBe('IDLE');
    await r.unwind();
    expect(tmObs(r)).toBe('EMPTY');
    expect(r.commands().slice(-1)).toEqual(['ReleaseAllResources']);
  });

  it('setToResourcing returns at RESOURCING and the teardown recovers', async () => {
    await using r = await rig();
    await r.ctx.setUpATelescope();
    r.sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    const sub = await r.ctx.setToResourcing(1, [1, 2]);
    expect(sub.obsState).toBe('RESOURCING');
    expect(tmObs(r)).toBe('RESOURCING');
    await r.unwind();
    expect(tmObs(r)).toBe('EMPTY');
    expect(r.commands().slice(-2)).toEqual(['Abort', 'Restart']);
  });
});

describe('SubarrayContext', () => {
  async function allocated(r: Rig) {
    await r.ctx.setUpATelescope();
    return r.ctx.allocateASubarray(1, [1, 2]);
  }

  it('scan: READY, SCANNING, READY', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.configure(STANDARD_CONFIGURATION, 0.05);
    await sub.scan();
    expect(tmObs(r)).toBe('READY');
    await r.unwind();
    expect(r.commands().slice(-4)).toEqual(['Configure', 'Scan', 'End', 'ReleaseAllResources']);
  });

  it('scan sends EndScan when the scan outlives its duration', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.configure(STANDARD_CONFIGURATION, 60); // the simulator scans for 60 s...
    sub.durationS = 0.05; // ...while the context expects 50 ms
    await sub.scan(sub.settings.replica({ timeoutMs: 500 }));
    expect(r.commands()).toContain('EndScan');
    expect(tmObs(r)).toBe('READY');
    await r.unwind();
  });

  it('setToScanning returns at SCANNING and the teardown waits for READY, with EndScan as fallback', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.configure(STANDARD_CONFIGURATION, 60);
    await sub.setToScanning(sub.settings.replica({ timeoutMs: 100 }));
    expect(tmObs(r)).toBe('SCANNING');
    await r.unwind();
    expect(tmObs(r)).toBe('EMPTY');
    expect(r.commands().slice(-4)).toEqual(['Scan', 'EndScan', 'End', 'ReleaseAllResources']);
  });

  it('setToConfiguring returns at CONFIGURING; the End waits for READY', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.setToConfiguring(STANDARD_CONFIGURATION);
    expect(sub.obsState).toBe('CONFIGURING');
    await r.unwind();
    expect(tmObs(r)).toBe('EMPTY');
    expect(r.commands().slice(-3)).toEqual(['Configure', 'End', 'ReleaseAllResources']);
  });

  it('setToConfiguring with clearAfterwards false registers no End', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.setToConfiguring(STANDARD_CONFIGURATION, undefined, { clearAfterwards: false });
    await expect.poll(() => tmObs(r)).toBe('READY');
    await expect(r.unwind()).rejects.toThrow(/UnexpectedStateError|teardown/); // READY at release: reported and recovered
    expect(tmObs(r)).toBe('EMPTY');
  });

  it('waitForConfiguringASubarray registers End; waitForReleasingASubarray cancels the release', async () => {
    await using r = await rig();
    const sub = await allocated(r);
    await sub.waitForConfiguringASubarray(() => r.ep.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, sub.sbConfig.sbId, 1));
    expect(sub.obsState).toBe('READY');
    expect(sub.disableAutomaticClear()).toBe(true);
    sub.clearConfigurationWhenFinished(); // re-register; End runs at teardown
    await r.unwind();
    expect(r.commands().slice(-3)).toEqual(['Configure', 'End', 'ReleaseAllResources']);

    await using r2 = await rig();
    const sub2 = await allocated(r2);
    await sub2.waitForReleasingASubarray(() => r2.ep.tearDownSubarray(1));
    await r2.unwind();
    expect(r2.commands().filter((c) => c === 'ReleaseAllResources')).toHaveLength(1);
  });
});

describe('readiness scope', () => {
  it("leaves dishes out of the waits when the scope is ['tm', 'csp', 'sdp']", async () => {
    const sim = createTelescopeSimulator();
    const ep = await simulatorEntryPoint(sim, { closeAccess: true });
    try {
      const scoped = createTelescopeContext({ entryPoint: ep, settings: new ExecSettings({ timeoutMs: 300 }), env: { readinessScope: ['tm', 'csp', 'sdp'] } });
      expect(scoped.runtime.rules.startUp().some((t) => t.device.includes('dish'))).toBe(false);
      sim.faults.inject({ kind: 'dropEvents', device: ep.names.dish(1), attr: 'state' });
      await scoped.setUpATelescope(); // a dish whose events are lost does not matter out of scope
      const full = createTelescopeContext({ entryPoint: ep, settings: new ExecSettings({ timeoutMs: 300 }) });
      expect(full.runtime.rules.startUp().map((t) => t.device)).toContain(ep.names.dish(1));
      await scoped.sessionStack.unwind({ reason: 'session', testFailed: false });
    } finally {
      await ep.close();
    }
  });

  it('ensureReady checks a target without changing anything', async () => {
    await using r = await rig();
    await r.ctx.ensureReady('telescope');
    await expect(r.ctx.ensureReady({ configure: 1 })).rejects.toThrow(/subarray 1 cannot be configured/);
    expect(r.commands()).toEqual([]);
  });
});
