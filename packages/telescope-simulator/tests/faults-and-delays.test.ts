import { describe, expect, test } from 'vitest';
import { CommandRejectedError, InvalidArgumentError, UnknownFaultError } from '../src/errors.js';
import { ManualClock } from '@observatory/core';
import { createTelescopeSimulator } from '../src/simulator.js';
import type { AttrEvent, TelescopeSimulatorOptions } from '../src/types.js';
import { assignJson, configureJson } from './support/drive.js';

function setup(options: TelescopeSimulatorOptions = {}) {
  const clock = new ManualClock();
  const sim = createTelescopeSimulator({ telescope: 'mid', clock, ...options });
  const n = sim.names;
  const events: AttrEvent[] = [];
  for (const device of [n.tmSubarray(1), n.cspSubarray(1), n.sdpSubarray(1)]) sim.subscribeNow(device, 'obsState', (e) => !e.initial && events.push(e));
  const on = () => {
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
  };
  const assign = () => sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
  const rows = () => events.map((e) => `${e.time - events[0]!.time} ${e.device.split('/')[0]} ${String(e.value)}`);
  return { clock, sim, n, events, on, assign, rows };
}

describe('delays on the injectable clock', () => {
  test('a 2 s AssignResources delay keeps the subarray RESOURCING until the clock advances 2000 ms', () => {
    const { clock, sim, on, assign } = setup({ delays: { commands: { AssignResources: 2000 } } });
    on();
    assign();
    expect(sim.obsState(1)).toBe('EMPTY'); // transitions run on the clock, never inside the command
    clock.advance(0);
    expect(sim.obsState(1)).toBe('RESOURCING');
    clock.advance(1999);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['RESOURCING', 'RESOURCING', 'RESOURCING']);
    clock.advance(1);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['IDLE', 'IDLE', 'IDLE']);
  });

  test('zero delay still separates the transient from the final state into their own ticks', () => {
    const { clock, sim, on, assign, events } = setup();
    on();
    assign();
    clock.advance(0);
    expect(events.map((e) => e.value)).toEqual(['RESOURCING', 'RESOURCING', 'RESOURCING', 'IDLE', 'IDLE', 'IDLE']);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(sim.obsState(1)).toBe('IDLE');
  });

  test('skews csp 5, sdp 10: TM enters RESOURCING first and reaches IDLE last', () => {
    const { clock, on, assign, rows } = setup({ skews: { csp: 5, sdp: 10 } });
    on();
    clock.advance(100);
    assign();
    clock.advance(100);
    expect(rows()).toEqual(['0 ska_mid RESOURCING', '5 mid-csp RESOURCING', '5 mid-csp IDLE', '10 mid-sdp RESOURCING', '10 mid-sdp IDLE', '10 ska_mid IDLE']);
  });

  test('an inverted skew (TM late) puts TM behind CSP and SDP on entering the transient', () => {
    const { clock, on, assign, rows } = setup({ skews: { tm: 20 }, delays: { commands: { AssignResources: 50 } } });
    on();
    clock.advance(100);
    assign();
    clock.advance(1000);
    expect(rows()).toEqual(['0 mid-csp RESOURCING', '0 mid-sdp RESOURCING', '20 ska_mid RESOURCING', '50 mid-csp IDLE', '50 mid-sdp IDLE', '70 ska_mid IDLE']);
  });

  test('eventLatencyMs delays delivery, not the state change', () => {
    const { clock, sim, on, assign, events } = setup({ delays: { eventLatencyMs: 30 } });
    on();
    clock.advance(30);
    events.length = 0;
    assign();
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
    expect(events).toEqual([]);
    clock.advance(30);
    expect(events.map((e) => e.value)).toEqual(['RESOURCING', 'RESOURCING', 'RESOURCING', 'IDLE', 'IDLE', 'IDLE']);
  });

  test('a scan ends by itself after tmc.scan_duration; EndScan ends it early', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    assign();
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'Configure', configureJson(3));
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'Scan', { scan_id: 1 });
    clock.advance(0);
    expect(sim.obsState(1)).toBe('SCANNING');
    clock.advance(2999);
    expect(sim.obsState(1)).toBe('SCANNING');
    clock.advance(1);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['READY', 'READY', 'READY']);
    sim.sendCommand(n.tmSubarray(1), 'Scan', { scan_id: 2 });
    clock.advance(1000);
    sim.sendCommand(n.tmSubarray(1), 'EndScan');
    clock.advance(0);
    expect(sim.obsState(1)).toBe('READY');
    clock.advance(5000); // the cancelled automatic end changes nothing
    expect(sim.obsState(1)).toBe('READY');
    expect(sim.snapshot().subarrays[0]!.scanDurationS).toBe(3);
  });

  test('setDelays changes later commands and reset() restores the configured timing', async () => {
    const { clock, sim, on, assign } = setup();
    on();
    await sim.setDelays({ commands: { AssignResources: 500 }, skews: { csp: 7 } });
    expect(sim.timing).toEqual({ delays: { commands: { AssignResources: 500 }, eventLatencyMs: 0 }, skews: { tm: 0, csp: 7, sdp: 0 } });
    assign();
    clock.advance(499);
    expect(sim.obsState(1)).toBe('RESOURCING');
    clock.advance(100);
    expect(sim.obsState(1)).toBe('IDLE');
    await expect(sim.setDelays({ commands: { Configure: -1 } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await sim.reset();
    expect(sim.timing.delays.commands).toEqual({});
  });
});

describe('fault injection', () => {
  test('stuck: RESOURCING never completes until Abort, then Restart empties the subarray', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING' });
    assign();
    clock.advance(60_000);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['RESOURCING', 'RESOURCING', 'RESOURCING']);
    sim.sendCommand(n.tmSubarray(1), 'Abort');
    clock.advance(0);
    expect(sim.obsState(1)).toBe('ABORTED');
    sim.sendCommand(n.tmSubarray(1), 'Restart');
    clock.advance(0);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
    expect(sim.snapshot().subarrays[0]!.assignedResources).toEqual([]);
  });

  test('an aborted release keeps the resources, so ObsReset returns to IDLE with them', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    assign();
    clock.advance(0);
    sim.faults.inject({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    sim.sendCommand(n.tmSubarray(1), 'ReleaseAllResources');
    clock.advance(1000);
    expect(sim.obsState(1)).toBe('RESOURCING');
    expect(() => sim.sendCommand(n.tmSubarray(2), 'AssignResources', assignJson('mid', 2))).toThrow(/assigned to subarray 1/);
    sim.sendCommand(n.tmSubarray(1), 'Abort');
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'ObsReset');
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
    expect(sim.readNow(n.cspSubarray(1), 'assignedResources').value).toEqual(['SKA001', 'SKA002']);
  });

  test('stuck on one subsystem leaves a mixed state: SDP IDLE, CSP and TM RESOURCING', () => {
    const { clock, sim, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'stuck', subsystems: ['csp'], times: 1 });
    assign();
    clock.advance(1000);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['RESOURCING', 'RESOURCING', 'IDLE']);
    expect(sim.faults.list()).toEqual([]); // times: 1 was used up
  });

  test('stuck CONFIGURING only matches Configure', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING', subarrayId: 1 });
    assign();
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
    sim.sendCommand(n.tmSubarray(1), 'Configure', configureJson());
    clock.advance(10_000);
    expect(sim.obsState(1)).toBe('CONFIGURING');
  });

  test('fault: the command ends in FAULT; ObsReset keeps the resources', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'fault', command: 'Configure', times: 1 });
    assign();
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'Configure', configureJson());
    clock.advance(0);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['FAULT', 'FAULT', 'FAULT']);
    sim.sendCommand(n.tmSubarray(1), 'ObsReset');
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
    expect(sim.snapshot().subarrays[0]!.assignedResources).toEqual(['SKA001', 'SKA002']);
  });

  test('fault on SDP only: SDP FAULT, CSP IDLE, TM follows into FAULT', () => {
    const { clock, sim, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'fault', subsystems: ['sdp'] });
    assign();
    clock.advance(0);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['FAULT', 'IDLE', 'FAULT']);
  });

  test('dropEvents: the value changes but `count` events are not delivered', () => {
    const { clock, sim, n, on, assign, events } = setup();
    on();
    const id = sim.faults.inject({ kind: 'dropEvents', device: n.cspSubarray(1), attr: 'obsState', count: 1 });
    expect(sim.faults.list()).toMatchObject([{ id, kind: 'dropEvents', remaining: 1 }]);
    assign();
    clock.advance(0);
    const csp = events.filter((e) => e.device === n.cspSubarray(1)).map((e) => e.value);
    expect(csp).toEqual(['IDLE']); // RESOURCING was dropped
    expect(sim.obsState(1, 'csp')).toBe('IDLE');
    expect(sim.readNow(n.cspSubarray(1), 'obsState').seq).toBeGreaterThan(0);
  });

  test('dropEvents until cleared, then delivery resumes', () => {
    const { clock, sim, n, on, assign, events } = setup();
    on();
    const id = sim.faults.inject({ kind: 'dropEvents', device: n.tmSubarray(1), attr: 'obsState' });
    assign();
    clock.advance(0);
    expect(events.filter((e) => e.device === n.tmSubarray(1))).toEqual([]);
    sim.faults.clear(id);
    sim.sendCommand(n.tmSubarray(1), 'ReleaseAllResources');
    clock.advance(0);
    expect(events.filter((e) => e.device === n.tmSubarray(1)).map((e) => e.value)).toEqual(['RESOURCING', 'EMPTY']);
  });

  test('reject: the device refuses the command with CommandRejectedError and nothing changes', async () => {
    const { clock, sim, n, on } = setup();
    on();
    sim.faults.inject({ kind: 'reject', device: n.tmSubarray(1), command: 'AssignResources', times: 1 });
    await expect(sim.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1))).rejects.toBeInstanceOf(CommandRejectedError);
    clock.advance(0);
    expect(sim.obsState(1)).toBe('EMPTY');
    expect(sim.commandLog.at(-1)).toMatchObject({ command: 'AssignResources', outcome: 'TELSIM_COMMAND_REJECTED' });
    await sim.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1)); // used up
  });

  test('slow: adds ms to one command', () => {
    const { clock, sim, n, on, assign } = setup();
    on();
    sim.faults.inject({ kind: 'slow', command: 'AssignResources', ms: 300, times: 1 });
    assign();
    clock.advance(299);
    expect(sim.obsState(1)).toBe('RESOURCING');
    clock.advance(1);
    expect(sim.obsState(1)).toBe('IDLE');
    sim.sendCommand(n.tmSubarray(1), 'ReleaseAllResources');
    clock.advance(0);
    assign(); // times: 1 was used up: no extra delay any more
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
  });

  test('faults are validated and cleared by id or all at once; reset() clears them', async () => {
    const { sim } = setup();
    expect(() => sim.faults.inject({ kind: 'nope' } as never)).toThrow(InvalidArgumentError);
    expect(() => sim.faults.inject({ kind: 'slow', command: 'Scan', ms: -1 })).toThrow(InvalidArgumentError);
    expect(() => sim.faults.inject({ kind: 'stuck', obsState: 'READY' as never })).toThrow(InvalidArgumentError);
    expect(() => sim.faults.clear('fault-999')).toThrow(UnknownFaultError);
    sim.faults.inject({ kind: 'fault' });
    sim.faults.inject({ kind: 'stuck' });
    expect(sim.faults.list()).toHaveLength(2);
    await sim.reset();
    expect(sim.faults.list()).toEqual([]);
  });
});

describe('reset, forceReset, close', () => {
  test('reset() cancels pending transitions and returns to telescope off, all EMPTY, empty log', async () => {
    const { clock, sim, n, on, assign } = setup({ delays: { commands: { AssignResources: 1000 } } });
    on();
    assign();
    clock.advance(0);
    await sim.reset();
    clock.advance(5000);
    expect(sim.obsState(1)).toBe('EMPTY');
    expect(sim.snapshot().telescopeState).toBe('STANDBY');
    expect(sim.readNow(n.cspController, 'state').value).toBe('OFF');
    expect(sim.commandLog).toEqual([]);
  });

  test('forceReset() puts one subarray straight to EMPTY and frees its resources', async () => {
    const { clock, sim, on } = setup();
    on();
    sim.faults.inject({ kind: 'stuck', subsystems: ['csp'] });
    sim.sendCommand(sim.names.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    clock.advance(0);
    await sim.forceReset(1);
    expect([sim.obsState(1), sim.obsState(1, 'csp'), sim.obsState(1, 'sdp')]).toEqual(['EMPTY', 'EMPTY', 'EMPTY']);
    sim.faults.clear();
    sim.sendCommand(sim.names.tmSubarray(2), 'AssignResources', assignJson('mid', 2, [1, 2]));
    clock.advance(0);
    expect(sim.obsState(2)).toBe('IDLE');
  });

  test('close() is idempotent, stops timers and refuses later commands', async () => {
    const { clock, sim, n, on, assign } = setup({ delays: { commands: { AssignResources: 100 } } });
    on();
    assign();
    await sim.close();
    await sim.close();
    expect(clock.pending).toBe(0);
    await expect(sim.command(n.centralNode, 'TelescopeOff')).rejects.toMatchObject({ code: 'TELSIM_CLOSED' });
  });
});
