import { describe, expect, test } from 'vitest';
import { commandAndWait } from '../src/command-and-wait.js';
import { StateWaitTimeoutError, UnwantedStateError } from '../src/errors.js';
import { createTelescopeSimulator } from '../src/simulator.js';
import type { AttrEvent, DeviceAccess } from '../src/types.js';
import { assignJson } from './support/drive.js';

async function onAndAssigned() {
  const sim = createTelescopeSimulator({ telescope: 'mid' }); // the system clock, zero delays
  const { names } = sim;
  const tm = names.tmSubarray(1);
  try {
    await commandAndWait(sim, { device: names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON' });
    await commandAndWait(sim, { device: tm, command: 'AssignResources', argin: assignJson('mid', 1), target: 'IDLE' });
  } catch (err) {
    await sim.close();
    throw err;
  }
  return { sim, names, tm, [Symbol.asyncDispose]: () => sim.close() };
}

describe('commandAndWait', () => {
  test('resolves on the change after the command, not on the current value (Scan starts and ends in READY)', async () => {
    await using s = await onAndAssigned();
    const { sim, tm } = s;
    await commandAndWait(sim, { device: tm, command: 'Configure', argin: { tmc: { scan_duration: 0.05 } }, target: 'READY' });
    const seen: AttrEvent[] = [];
    await commandAndWait(sim, { device: tm, command: 'Scan', argin: { scan_id: 1 }, target: 'READY', onEvent: (e) => seen.push(e) });
    expect(seen.map((e) => `${e.initial ? 'initial ' : ''}${String(e.value)}`)).toEqual(['initial READY', 'SCANNING', 'READY']);
    expect(sim.obsState(1)).toBe('READY');
  });

  test('watches another device than the commanded one (central-node commands act on a subarray)', async () => {
    await using s = await onAndAssigned();
    const { sim, names, tm } = s;
    await commandAndWait(sim, { device: names.centralNode, command: 'ReleaseResources', argin: { subarray_id: 1, release_all: true }, watch: tm, target: 'EMPTY' });
    expect(sim.obsState(1)).toBe('EMPTY');
  });

  test('without a command it only waits, and the current value counts', async () => {
    await using s = await onAndAssigned();
    await commandAndWait(s.sim, { device: s.tm, target: 'IDLE' });
    expect(s.sim.commandLog.map((e) => e.command)).toEqual(['TelescopeOn', 'AssignResources']);
  });

  test('a value in failOn ends the wait with UnwantedStateError', async () => {
    await using s = await onAndAssigned();
    s.sim.faults.inject({ kind: 'fault', command: 'Configure' });
    const err = await commandAndWait(s.sim, { device: s.tm, command: 'Configure', argin: { tmc: { scan_duration: 1 } }, target: 'READY', failOn: ['FAULT'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnwantedStateError);
    expect(err).toMatchObject({ code: 'TELSIM_UNWANTED_STATE', device: s.tm, value: 'FAULT' });
  });

  test('a target never reached ends with StateWaitTimeoutError at the deadline', async () => {
    await using s = await onAndAssigned();
    s.sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING' });
    const err = await commandAndWait(s.sim, { device: s.tm, command: 'Configure', argin: { tmc: { scan_duration: 1 } }, target: 'READY', timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateWaitTimeoutError);
    expect(err).toMatchObject({ code: 'TELSIM_STATE_WAIT_TIMEOUT', device: s.tm, attr: 'obsState', target: 'READY', timeoutMs: 50 });
    expect(s.sim.obsState(1)).toBe('CONFIGURING');
  });

  test('an abort signal ends the wait with its reason; an aborted signal sends nothing', async () => {
    await using s = await onAndAssigned();
    s.sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING' });
    const controller = new AbortController();
    const waiting = commandAndWait(s.sim, { device: s.tm, command: 'Configure', argin: { tmc: { scan_duration: 1 } }, target: 'READY', signal: controller.signal, onEvent: (e) => e.value === 'CONFIGURING' && controller.abort(new Error('stop')) });
    await expect(waiting).rejects.toThrow('stop');
    await expect(commandAndWait(s.sim, { device: s.tm, command: 'Abort', target: 'ABORTED', signal: controller.signal })).rejects.toThrow('stop');
    expect(s.sim.commandLog.map((e) => e.command)).toEqual(['TelescopeOn', 'AssignResources', 'Configure']);
  });

  describe('when a change event is lost', () => {
    /** The simulator, but every change after a subscription's first event is lost on its way. */
    function losingEvents(sim: DeviceAccess): DeviceAccess {
      return {
        telescope: sim.telescope,
        names: sim.names,
        command: (d, c, a) => sim.command(d, c, a),
        read: (d, a) => sim.read(d, a),
        write: (d, a, v) => sim.write(d, a, v),
        subscribe: (d, a, listener) => sim.subscribe(d, a, (e) => (e.initial ? listener(e) : undefined)),
      };
    }

    test('a read while waiting finds the target, long before the deadline', async () => {
      const sim = createTelescopeSimulator({ telescope: 'mid' });
      try {
        await commandAndWait(losingEvents(sim), { device: sim.names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON', verifyEveryMs: 20, timeoutMs: 10_000 });
        expect((await sim.read(sim.names.centralNode, 'telescopeState')).value).toBe('ON');
        // Without the reads, the same wait ends at its deadline.
        const err = await commandAndWait(losingEvents(sim), { device: sim.names.centralNode, command: 'TelescopeOff', attr: 'telescopeState', target: 'STANDBY', verifyEveryMs: 0, timeoutMs: 100 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StateWaitTimeoutError);
      } finally {
        await sim.close();
      }
    });

    test('the reads ask the device, not a client cache that the lost event left stale', async () => {
      const sim = createTelescopeSimulator({ telescope: 'mid' });
      try {
        const losing = losingEvents(sim);
        // A pub/sub client answers plain reads from its newest event: here the value at subscription time.
        const stale = new Map<string, unknown>();
        const cachedRead: DeviceAccess['read'] = async (d, a, options) => {
          const now = await sim.read(d, a);
          if (options?.fresh) return now;
          if (!stale.has(`${d}/${a}`)) stale.set(`${d}/${a}`, now.value);
          return { ...now, value: stale.get(`${d}/${a}`) };
        };
        await cachedRead(sim.names.centralNode, 'telescopeState');
        await commandAndWait({ ...losing, read: cachedRead }, { device: sim.names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON', verifyEveryMs: 20, timeoutMs: 10_000 });
        expect((await sim.read(sim.names.centralNode, 'telescopeState')).value).toBe('ON');
      } finally {
        await sim.close();
      }
    });

    test('a read finds a failOn value too', async () => {
      await using s = await onAndAssigned();
      s.sim.faults.inject({ kind: 'fault', command: 'Configure' });
      const err = await commandAndWait(losingEvents(s.sim), { device: s.tm, command: 'Configure', argin: { tmc: { scan_duration: 1 } }, target: 'READY', failOn: ['FAULT'], verifyEveryMs: 20, timeoutMs: 10_000 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TELSIM_UNWANTED_STATE', value: 'FAULT' });
    });

    test('a read of the value at subscription time never counts (Scan starts and ends in READY)', async () => {
      await using s = await onAndAssigned();
      await commandAndWait(s.sim, { device: s.tm, command: 'Configure', argin: { tmc: { scan_duration: 0.05 } }, target: 'READY' });
      const err = await commandAndWait(losingEvents(s.sim), { device: s.tm, command: 'Scan', argin: { scan_id: 1 }, target: 'READY', verifyEveryMs: 20, timeoutMs: 400 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateWaitTimeoutError);
      expect(s.sim.obsState(1)).toBe('READY');
    });
  });
});
