import { describe, expect, test } from 'vitest';
import { AttributeNotWritableError, CommandNotAllowedError, InvalidArgumentError, UnknownAttributeError, UnknownCommandError, UnknownDeviceError } from '../src/errors.js';
import { ManualClock } from '@observatory/core';
import { createTelescopeSimulator } from '../src/simulator.js';
import type { AttrEvent, Telescope } from '../src/types.js';
import { assignJson, configureJson } from './support/drive.js';

function setup(telescope: Telescope, options: { subarrays?: number } = {}) {
  const clock = new ManualClock();
  const sim = createTelescopeSimulator({ telescope, clock, ...options });
  return { clock, sim, n: sim.names };
}

describe('devices and names', () => {
  test('mid: central node, 2 subarrays of TM/CSP/SDP, controllers and dishes SKA001-SKA004', () => {
    const { sim } = setup('mid');
    expect(sim.deviceNames.sort()).toEqual(
      [
        'ska_mid/tm_central/central_node',
        'mid-csp/control/0',
        'mid-sdp/control/0',
        ...['SKA001', 'SKA002', 'SKA003', 'SKA004'].map((d) => `mid-dish/dish-manager/${d}`),
        ...[1, 2].flatMap((i) => [`ska_mid/tm_subarray_node/${i}`, `mid-csp/subarray/0${i}`, `mid-sdp/subarray/0${i}`]),
      ].sort(),
    );
    expect(sim.resourceNames).toEqual(['SKA001', 'SKA002', 'SKA003', 'SKA004']);
  });

  test('low: 1 subarray, the MCCS controller, stations 1-4, no dishes', () => {
    const { sim } = setup('low');
    expect(sim.deviceNames).toContain('low-mccs/control/control');
    expect(sim.deviceNames).toContain('ska_low/tm_subarray_node/1');
    expect(sim.deviceNames).toContain('low-csp/subarray/01');
    expect(sim.deviceNames.some((d) => d.includes('dish'))).toBe(false);
    expect(sim.subarrayIds).toEqual([1]);
    expect(sim.resourceNames).toEqual(['1', '2', '3', '4']);
  });

  test('every device has state, adminMode and healthState; subarrays add obsState and assignedResources', () => {
    const { sim, n } = setup('mid');
    for (const d of sim.deviceNames) {
      expect(sim.readNow(d, 'healthState').value).toBe('OK');
      expect(sim.readNow(d, 'adminMode').value).toBe('ONLINE');
    }
    expect(sim.readNow(n.cspSubarray(2), 'assignedResources')).toMatchObject({ value: [], seq: 0 });
    expect(() => sim.readNow('no/such/device', 'state')).toThrow(UnknownDeviceError);
    expect(() => sim.readNow(n.centralNode, 'obsState')).toThrow(UnknownAttributeError);
  });

  test('only adminMode is writable, with Tango admin modes', async () => {
    const { sim, n } = setup('mid');
    const events: AttrEvent[] = [];
    await sim.subscribe(n.dish(1), 'adminMode', (e) => events.push(e));
    await sim.write(n.dish(1), 'adminMode', 'OFFLINE');
    expect(events.map((e) => [e.value, e.initial ?? false])).toEqual([
      ['ONLINE', true],
      ['OFFLINE', false],
    ]);
    await expect(sim.write(n.dish(1), 'adminMode', 'SLEEPY')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(sim.write(n.dish(1), 'state', 'ON')).rejects.toBeInstanceOf(AttributeNotWritableError);
    await expect(sim.write('x/y/z', 'adminMode', 'ONLINE')).rejects.toBeInstanceOf(UnknownDeviceError);
  });
});

describe('telescope on and off', () => {
  test('mid TelescopeOn: dishes STANDBY to ON, CSP/SDP OFF to ON, then telescopeState ON; Off reverses to STANDBY', () => {
    const { clock, sim, n } = setup('mid');
    const order: string[] = [];
    sim.onEvent((e) => e.attr === 'state' || e.attr === 'telescopeState' ? order.push(`${e.device} ${String(e.value)}`) : undefined);
    expect(sim.readNow(n.centralNode, 'telescopeState').value).toBe('STANDBY');
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    expect(order.at(-1)).toBe(`${n.centralNode} ON`);
    expect(order).toContain('mid-dish/dish-manager/SKA004 ON');
    expect(order).toContain('mid-csp/subarray/02 ON');
    expect(order).toHaveLength(4 + 2 + 4 + 1);
    for (const d of [n.cspController, n.sdpController, n.cspSubarray(1), n.sdpSubarray(2)]) expect(sim.readNow(d, 'state').value).toBe('ON');
    order.length = 0;
    sim.sendCommand(n.centralNode, 'TelescopeOff');
    clock.advance(0);
    expect(order.at(-1)).toBe(`${n.centralNode} STANDBY`);
    expect(sim.readNow(n.dish(2), 'state').value).toBe('STANDBY');
    expect(sim.readNow(n.sdpController, 'state').value).toBe('OFF');
  });

  test('low TelescopeOn switches the MCCS controller on; Off ends with telescopeState OFF', () => {
    const { clock, sim, n } = setup('low');
    expect(sim.readNow(n.centralNode, 'telescopeState').value).toBe('OFF');
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    expect(sim.readNow(n.mccsController!, 'state').value).toBe('ON');
    sim.sendCommand(n.centralNode, 'TelescopeStandby');
    clock.advance(0);
    expect(sim.readNow(n.centralNode, 'telescopeState').value).toBe('OFF');
    expect(sim.readNow(n.mccsController!, 'state').value).toBe('OFF');
  });

  test('a TelescopeOn delay keeps telescopeState until it has passed; TelescopeOn when ON changes nothing', () => {
    const clock = new ManualClock();
    const sim = createTelescopeSimulator({ telescope: 'mid', clock, delays: { commands: { TelescopeOn: 1500 } } });
    sim.sendCommand(sim.names.centralNode, 'TelescopeOn');
    clock.advance(1499);
    expect(sim.readNow(sim.names.cspController, 'state').value).toBe('ON');
    expect(sim.snapshot().telescopeState).toBe('STANDBY');
    clock.advance(1);
    expect(sim.snapshot().telescopeState).toBe('ON');
    const seq = sim.seq;
    sim.sendCommand(sim.names.centralNode, 'TelescopeOn');
    clock.advance(5000);
    expect(sim.seq).toBe(seq);
  });

  test('TelescopeOff is not allowed while a subarray is not EMPTY', async () => {
    const { clock, sim, n } = setup('mid');
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(2), 'AssignResources', assignJson('mid', 2));
    clock.advance(0);
    await expect(sim.command(n.centralNode, 'TelescopeOff')).rejects.toMatchObject({ code: 'TELSIM_COMMAND_NOT_ALLOWED', device: n.centralNode, state: 'ON' });
    expect(sim.snapshot().telescopeState).toBe('ON');
  });

  test('AssignResources needs the telescope ON and not switching off', () => {
    const { clock, sim, n } = setup('mid');
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1))).toThrow(CommandNotAllowedError);
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    sim.sendCommand(n.centralNode, 'TelescopeOff');
    expect(sim.snapshot().telescopeState).toBe('ON');
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1))).toThrow(/switching off/);
    clock.advance(0);
    expect(sim.snapshot().telescopeState).toBe('STANDBY');
  });

  test('unknown commands and commands on devices that take none are UnknownCommandError', () => {
    const { sim, n } = setup('mid');
    expect(() => sim.sendCommand(n.centralNode, 'Scan')).toThrow(UnknownCommandError);
    expect(() => sim.sendCommand(n.cspSubarray(1), 'Abort')).toThrow(UnknownCommandError);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'Explode')).toThrow(UnknownCommandError);
    expect(() => sim.sendCommand('nope/nope/1', 'On')).toThrow(UnknownDeviceError);
  });
});

describe('resources and JSON arguments', () => {
  function on(telescope: Telescope) {
    const s = setup(telescope);
    s.sim.sendCommand(s.n.centralNode, 'TelescopeOn');
    s.clock.advance(0);
    return s;
  }

  test.each([
    ['not JSON', '{nope'],
    ['not an object', '[1,2]'],
    ['missing receptors', { dish: {} }],
    ['empty receptors', { dish: { receptor_ids: [] } }],
    ['unknown receptor', { dish: { receptor_ids: ['SKA009'] } }],
    ['duplicate receptor', { dish: { receptor_ids: ['SKA001', 'SKA001'] } }],
    ['wrong subarray_id', { subarray_id: 2, dish: { receptor_ids: ['SKA001'] } }],
    ['bad eb_id', { dish: { receptor_ids: ['SKA001'] }, sdp: { execution_block: { eb_id: 7 } } }],
    ['no argument', undefined],
  ])('mid AssignResources rejects %s with InvalidArgumentError, changing nothing', (_name, argin) => {
    const { clock, sim, n } = on('mid');
    const seq = sim.seq;
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', argin)).toThrow(InvalidArgumentError);
    clock.advance(0);
    expect(sim.seq).toBe(seq);
    expect(sim.commandLog.at(-1)?.outcome).toBe('TELSIM_INVALID_ARGUMENT');
  });

  test('a JSON string argument works like an object', () => {
    const { clock, sim, n } = on('mid');
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', JSON.stringify(assignJson('mid', 1)));
    clock.advance(0);
    expect(sim.readNow(n.cspSubarray(1), 'assignedResources').value).toEqual(['SKA001', 'SKA002']);
  });

  test('a resource assigned to another subarray is an InvalidArgumentError', () => {
    const { clock, sim, n } = on('mid');
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1, [1, 2]));
    clock.advance(0);
    expect(() => sim.sendCommand(n.tmSubarray(2), 'AssignResources', assignJson('mid', 2, [2, 3]))).toThrow(/SKA002 is assigned to subarray 1/);
  });

  test('assign from IDLE adds resources; a partial release ends IDLE, the last one EMPTY', () => {
    const { clock, sim, n } = on('mid');
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1, [1]));
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1, [2, 3]));
    clock.advance(0);
    expect(sim.readNow(n.tmSubarray(1), 'assignedResources').value).toEqual(['SKA001', 'SKA002', 'SKA003']);
    sim.sendCommand(n.tmSubarray(1), 'ReleaseResources', { receptor_ids: ['SKA002'] });
    clock.advance(0);
    expect(sim.obsState(1)).toBe('IDLE');
    expect(sim.readNow(n.sdpSubarray(1), 'assignedResources').value).toEqual(['SKA001', 'SKA003']);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'ReleaseResources', { receptor_ids: ['SKA004'] })).toThrow(InvalidArgumentError);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'ReleaseResources', {})).toThrow(InvalidArgumentError);
    sim.sendCommand(n.tmSubarray(1), 'ReleaseResources', { receptor_ids: ['SKA001', 'SKA003'] });
    clock.advance(0);
    expect(sim.obsState(1)).toBe('EMPTY');
  });

  test('the central node forwards AssignResources and ReleaseResources to the subarray in the JSON', () => {
    const { clock, sim, n } = on('mid');
    sim.sendCommand(n.centralNode, 'AssignResources', assignJson('mid', 2));
    clock.advance(0);
    expect(sim.obsState(2)).toBe('IDLE');
    expect(sim.obsState(1)).toBe('EMPTY');
    expect(() => sim.sendCommand(n.centralNode, 'AssignResources', { dish: { receptor_ids: ['SKA003'] } })).toThrow(/subarray_id/);
    expect(() => sim.sendCommand(n.centralNode, 'AssignResources', { subarray_id: 7, dish: { receptor_ids: ['SKA003'] } })).toThrow(/no subarray 7/);
    sim.sendCommand(n.centralNode, 'ReleaseResources', { subarray_id: 2, release_all: true });
    clock.advance(0);
    expect(sim.obsState(2)).toBe('EMPTY');
    expect(sim.commandLog.map((e) => `${e.device} ${e.command} ${e.outcome}`)).toEqual([
      `${n.centralNode} TelescopeOn accepted`,
      `${n.centralNode} AssignResources accepted`,
      `${n.centralNode} AssignResources TELSIM_INVALID_ARGUMENT`,
      `${n.centralNode} AssignResources TELSIM_INVALID_ARGUMENT`,
      `${n.centralNode} ReleaseResources accepted`,
    ]);
  });

  test('low assigns station_ids groups ([[1, 2]]) and validates beams', () => {
    const { clock, sim, n } = on('low');
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('low', 1, [1, 2]));
    clock.advance(0);
    expect(sim.readNow(n.tmSubarray(1), 'assignedResources').value).toEqual(['1', '2']);
    sim.sendCommand(n.tmSubarray(1), 'ReleaseAllResources');
    clock.advance(0);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', { mccs: { station_ids: [[5]] } })).toThrow(/unknown resource 5/);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', { mccs: { station_ids: [[1]], subarray_beam_ids: ['x'] } })).toThrow(InvalidArgumentError);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'AssignResources', { dish: { receptor_ids: ['SKA001'] } })).toThrow(/mccs.station_ids/);
  });

  test('Configure and Scan validate their JSON', () => {
    const { clock, sim, n } = on('mid');
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    clock.advance(0);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'Configure', { tmc: { scan_duration: -1 } })).toThrow(InvalidArgumentError);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'Configure', { csp: 'x' })).toThrow(InvalidArgumentError);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'Configure')).toThrow(InvalidArgumentError);
    sim.sendCommand(n.tmSubarray(1), 'Configure', configureJson(2));
    clock.advance(0);
    expect(() => sim.sendCommand(n.tmSubarray(1), 'Scan', { scan_id: 'one' })).toThrow(InvalidArgumentError);
    sim.sendCommand(n.tmSubarray(1), 'Scan');
    clock.advance(0);
    expect(sim.obsState(1)).toBe('SCANNING');
  });

  test('options are validated', () => {
    expect(() => createTelescopeSimulator({ telescope: 'high' as never })).toThrow(InvalidArgumentError);
    expect(() => createTelescopeSimulator({ subarrays: 0 })).toThrow(InvalidArgumentError);
    expect(createTelescopeSimulator({ telescope: 'low', subarrays: 3, stations: 6 }).resourceNames).toHaveLength(6);
  });
});

describe('subscriptions', () => {
  test('the first event is the current value; later events carry device, attr, value, seq and clock time', async () => {
    const { clock, sim, n } = setup('mid');
    clock.advance(1234);
    const events: AttrEvent[] = [];
    const unsubscribe = await sim.subscribe(n.centralNode, 'telescopeState', (e) => events.push(e));
    expect(events).toEqual([{ device: n.centralNode, attr: 'telescopeState', value: 'STANDBY', seq: 0, time: clock.now() - 1234, initial: true }]);
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    expect(events[1]).toEqual({ device: n.centralNode, attr: 'telescopeState', value: 'ON', seq: sim.seq, time: clock.now() });
    await unsubscribe();
    sim.sendCommand(n.centralNode, 'TelescopeOff');
    clock.advance(0);
    expect(events).toHaveLength(2);
  });

  test('a throwing listener does not break the model or other listeners', () => {
    const { clock, sim, n } = setup('mid');
    const seen: unknown[] = [];
    sim.subscribeNow(n.centralNode, 'telescopeState', (e) => {
      if (!e.initial) throw new Error('boom');
    });
    sim.subscribeNow(n.centralNode, 'telescopeState', (e) => seen.push(e.value));
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    expect(seen).toEqual(['STANDBY', 'ON']);
  });

  test('values handed to listeners are copies', () => {
    const { clock, sim, n } = setup('mid');
    sim.sendCommand(n.centralNode, 'TelescopeOn');
    clock.advance(0);
    sim.sendCommand(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    clock.advance(0);
    const r = sim.readNow(n.tmSubarray(1), 'assignedResources');
    (r.value as string[]).push('SKA999');
    expect(sim.readNow(n.tmSubarray(1), 'assignedResources').value).toEqual(['SKA001', 'SKA002']);
  });
});
