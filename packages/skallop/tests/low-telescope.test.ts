import { describe, expect } from 'vitest';
import { skallopHarness } from './helpers/harness.js';

const { test, sim } = skallopHarness('in-process', { telescope: 'low' }, { telescope: 'low', timeoutMs: 3000 });

describe.sequential('low telescope', () => {
  test('S-ACC-23: allocatedSubarray assigns station_ids [[1, 2]]', async ({ allocatedSubarray, entryPoint }) => {
    expect(entryPoint.telescope).toBe('low');
    expect(allocatedSubarray.receptors).toEqual([1, 2]);
    const assign = sim().commandLog.find((e) => e.command === 'AssignResources')!;
    const json = JSON.parse(assign.argin as string) as { mccs: { station_ids: number[][]; subarray_beam_ids: number[]; channel_blocks: number[] } };
    expect(json.mccs.station_ids).toEqual([[1, 2]]);
    expect(json.mccs.subarray_beam_ids).toEqual([1]);
    expect(json.mccs.channel_blocks).toEqual([3]);
    expect((await entryPoint.read(entryPoint.names.tmSubarray(1), 'assignedResources')).value).toEqual(['1', '2']);
  });

  test('S-ACC-23: no dish joins any wait; the MCCS controller does', async ({ telescopeContext, execEnv }) => {
    const rules = telescopeContext.runtime.rules;
    const devices = [...rules.startUp(), ...rules.shutDown()].map((t) => t.device).concat(rules.subarrayDevices(1));
    expect(devices.some((d) => d.includes('dish'))).toBe(false);
    expect(devices).toContain('low-mccs/control/control');
    expect(execEnv.readinessScope).toEqual(['tm', 'csp', 'sdp', 'mccs']);
  });

  test('configuredSubarray works on low', async ({ configuredSubarray, entryPoint }) => {
    expect((await entryPoint.read(entryPoint.names.sdpSubarray(1), 'obsState')).value).toBe('READY');
    expect(configuredSubarray.id).toBe(1);
  });
});
