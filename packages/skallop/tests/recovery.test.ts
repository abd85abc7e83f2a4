import type { TelescopeSimulator, TelescopeSimulatorOptions } from '@ska/telescope-simulator';
import { createTelescopeSimulator } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';
import type { EntryPoint, TelescopeContext } from '../src/index.js';
import {
  ExecSettings,
  STANDARD_COMPOSITION,
  STANDARD_CONFIGURATION,
  SutNotReadyError,
  TeardownError,
  UnexpectedStateError,
  WaitTimeoutError,
  createTelescopeContext,
  recoverSubarray,
  simulatorEntryPoint,
  waitBuilder,
} from '../src/index.js';

interface Rig extends AsyncDisposable {
  sim: TelescopeSimulator;
  ep: EntryPoint;
  ctx: TelescopeContext;
  settings: ExecSettings;
}

async function rig(options: TelescopeSimulatorOptions = {}, env: Parameters<typeof createTelescopeContext>[0]['env'] = {}): Promise<Rig> {
  const sim = createTelescopeSimulator(options);
  const ep = await simulatorEntryPoint(sim, { closeAccess: true });
  const settings = new ExecSettings({ timeoutMs: 1000 });
  const ctx = createTelescopeContext({ entryPoint: ep, env, settings });
  await ctx.setUpATelescope();
  return { sim, ep, ctx, settings, [Symbol.asyncDispose]: () => ep.close() };
}

/** Sends a command to TM subarray 1 and waits until its obsState is one of `until`. */
async function drive(r: Rig, command: () => Promise<void>, until: string | string[]): Promise<void> {
  await waitBuilder(r.ep).on(r.ep.names.tmSubarray(1)).attr('obsState').toBe(until).around(command, { timeoutMs: 2000 });
}

const states = (r: Rig): string[] => [r.sim.obsState(1, 'tm'), r.sim.obsState(1, 'csp'), r.sim.obsState(1, 'sdp')];
const assign = (r: Rig) => () => r.ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00020');
const configure = (r: Rig, durationS = 1) => () => r.ep.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, 'sbi-test-20260101-00020', durationS);

const scenarios: Array<[string, (r: Rig) => Promise<void>, string[]]> = [
  ['IDLE', async (r) => drive(r, assign(r), 'IDLE'), ['ReleaseAllResources']],
  ['READY', async (r) => (await drive(r, assign(r), 'IDLE'), drive(r, configure(r), 'READY')), ['End', 'ReleaseAllResources']],
  ['RESOURCING (stuck)', async (r) => (r.sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING', times: 1 }), drive(r, assign(r), 'RESOURCING')), ['Abort', 'Restart']],
  [
    'CONFIGURING (stuck)',
    async (r) => (await drive(r, assign(r), 'IDLE'), r.sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING', times: 1 }), drive(r, configure(r), 'CONFIGURING')),
    ['Abort', 'Restart'],
  ],
  ['SCANNING', async (r) => (await drive(r, assign(r), 'IDLE'), await drive(r, configure(r, 100), 'READY'), drive(r, () => r.ep.scan(1), 'SCANNING')), ['Abort', 'Restart']],
  ['ABORTED', async (r) => (await drive(r, assign(r), 'IDLE'), drive(r, () => r.ep.abortSubarray(1), 'ABORTED')), ['Restart']],
  ['FAULT', async (r) => (r.sim.faults.inject({ kind: 'fault', command: 'AssignResources', times: 1 }), drive(r, assign(r), 'FAULT')), ['Restart']],
];

describe('recovery table', () => {
  it.each(scenarios)('%s ends EMPTY on TM/CSP/SDP', async (_name, leave, expected) => {
    await using r = await rig();
    await leave(r);
    const actions = await recoverSubarray(r.ctx.runtime, 1, r.settings, 'test');
    expect(actions).toEqual(expected);
    expect(states(r)).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
    expect(r.ctx.annotations.at(-1)).toMatch(/^\[skallop:recovery\] subarray 1 \(test\): found /);
  });

  it('waits for ABORTING to settle, then restarts', async () => {
    await using r = await rig({ delays: { commands: { Abort: 30 } } });
    await drive(r, assign(r), 'IDLE');
    await drive(r, () => r.ep.abortSubarray(1), 'ABORTING');
    expect(await recoverSubarray(r.ctx.runtime, 1, r.settings, 'test')).toEqual(['Restart']);
    expect(r.ctx.annotations.join('\n')).toContain('waiting to settle');
    expect(states(r)).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
  });

  it('falls back to forceReset when commands cannot recover the subarray', async () => {
    await using r = await rig();
    r.sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    await drive(r, assign(r), 'RESOURCING');
    r.sim.faults.inject({ kind: 'reject', device: r.ep.names.tmSubarray(1), command: 'Abort' });
    expect(await recoverSubarray(r.ctx.runtime, 1, r.settings, 'test')).toEqual(['forceReset']);
    expect(states(r)).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
  });

  it('names each device and state when recovery fails without forceReset', async () => {
    await using r = await rig();
    const noForce = Object.assign(Object.create(r.ep) as EntryPoint, { forceReset: undefined });
    const ctx = createTelescopeContext({ entryPoint: noForce, settings: r.settings });
    r.sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    await drive(r, assign(r), 'RESOURCING');
    r.sim.faults.inject({ kind: 'reject', device: r.ep.names.tmSubarray(1), command: 'Abort' });
    const err = await recoverSubarray(ctx.runtime, 1, r.settings, 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SutNotReadyError);
    expect((err as SutNotReadyError).message).toMatch(/^\[skallop:readiness\] subarray 1 could not be recovered/);
    expect((err as SutNotReadyError).message).toContain('ska_mid/tm_subarray_node/1 obsState: actual RESOURCING, expected EMPTY');
  });
});

describe('readiness', () => {
  it("with recovery 'off' a dirty subarray gives SutNotReadyError and nothing is sent", async () => {
    await using r = await rig({}, { recovery: 'off' });
    await drive(r, assign(r), 'IDLE');
    const before = r.sim.commandLog.length;
    const err = await r.ctx.allocateASubarray(1, [1, 2]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SutNotReadyError);
    expect((err as SutNotReadyError).code).toBe('SKALLOP_SUT_NOT_READY');
    expect((err as Error).message).toContain('ska_mid/tm_subarray_node/1 obsState: actual IDLE, expected EMPTY');
    expect(r.sim.commandLog.length).toBe(before);
  });

  it('frees receptors held by another subarray before allocating', async () => {
    await using r = await rig();
    await waitBuilder(r.ep).on(r.ep.names.tmSubarray(2)).attr('obsState').toBe('IDLE').around(() => r.ep.composeSubarray(2, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00099'), { timeoutMs: 2000 });
    const sub = await r.ctx.allocateASubarray(1, [1, 2]);
    expect(sub.obsState).toBe('IDLE');
    expect(r.sim.obsState(2)).toBe('EMPTY');
    expect(r.ctx.annotations.join('\n')).toContain('held by subarray 2');
  });

  it('a wait timeout names the unmet condition and prints the event table', async () => {
    await using r = await rig();
    r.sim.faults.inject({ kind: 'dropEvents', device: r.ep.names.cspSubarray(1), attr: 'obsState' });
    const err = await r.ctx.allocateASubarray(1, [1, 2], undefined, r.settings.replica({ timeoutMs: 200 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const message = (err as Error).message;
    expect(message).toContain('1 unmet condition(s):\n  - mid-csp/subarray/01 obsState to be IDLE (last value: EMPTY)');
    expect(message).toMatch(/time \(UTC\)\s+\+ms\s+device\s+attr\s+value\s+flag/);
    expect(message).toMatch(/ska_mid\/tm_subarray_node\/1\s+obsState\s+IDLE\s+!/);
  });
});

describe('teardown checks', () => {
  it('checkConfigurationWhenFinished: a subarray left ABORTED gives a teardown error and ends EMPTY', async () => {
    await using r = await rig();
    const sub = await r.ctx.allocateASubarray(1, [1, 2]);
    sub.checkConfigurationWhenFinished();
    await drive(r, configure(r), 'READY');
    await drive(r, () => r.ep.abortSubarray(1), 'ABORTED');
    const err = await r.ctx.testStack.unwind({ reason: 'test', testFailed: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeardownError);
    expect((err as TeardownError).errors).toHaveLength(1);
    expect((err as TeardownError).errors[0]).toBeInstanceOf(UnexpectedStateError);
    expect(states(r)).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
  });

  it('a passing test that leaves the subarray READY without declaring it gets a teardown error, and it is recovered', async () => {
    await using r = await rig();
    await r.ctx.allocateASubarray(1, [1, 2]);
    await drive(r, configure(r), 'READY');
    const err = await r.ctx.testStack.unwind({ reason: 'test', testFailed: false }).catch((e: unknown) => e);
    expect((err as TeardownError).errors[0]).toBeInstanceOf(UnexpectedStateError);
    expect(states(r)).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
  });
});

describe('telescope readiness', () => {
  it('a telescope reporting FAULT gets Off, then On', async () => {
    const sim = createTelescopeSimulator();
    const ep = await simulatorEntryPoint(sim, { closeAccess: true });
    try {
      let faulty = true;
      const wrapped = Object.assign(Object.create(ep) as EntryPoint, {
        read: async (device: string, attr: string) => {
          const r = await ep.read(device, attr);
          if (faulty && attr === 'telescopeState') {
            faulty = false; // one bad reading, as if the central node had just come back
            return { ...r, value: 'FAULT' };
          }
          return r;
        },
      });
      const ctx = createTelescopeContext({ entryPoint: wrapped, settings: new ExecSettings({ timeoutMs: 1000 }) });
      await ctx.setUpATelescope();
      expect(sim.commandLog.map((e) => e.command)).toEqual(['TelescopeOff', 'TelescopeOn']);
      expect(ctx.annotations.join('\n')).toContain('telescope found FAULT; TelescopeOff');
      await ctx.sessionStack.unwind({ reason: 'session', testFailed: false });
    } finally {
      await ep.close();
    }
  });

  it('a central node that does not answer gives SutNotReadyError', async () => {
    const sim = createTelescopeSimulator();
    const ep = await simulatorEntryPoint(sim, { closeAccess: true });
    try {
      const silent = Object.assign(Object.create(ep) as EntryPoint, { read: () => Promise.reject(new Error('no route to host')) });
      const ctx = createTelescopeContext({ entryPoint: silent });
      const err = await ctx.setUpATelescope().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SutNotReadyError);
      expect((err as Error).message).toContain('ska_mid/tm_central/central_node telescopeState: actual no answer');
    } finally {
      await ep.close();
    }
  });
});
