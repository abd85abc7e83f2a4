import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '@observatory/core';
import { CommandNotAllowedError } from '../src/errors.js';
import { OBS_STATES, OBS_STATE_MACHINE, SUBARRAY_COMMANDS, type ObsState, type SubarrayCommand } from '../src/model/obs-state.js';
import type { Telescope } from '../src/types.js';
import { assignJson, configureJson, driveTo, obsState } from './support/drive.js';
import { recordAttribute, startTelescopeHarness, type TelescopeHarness } from '../src/testing.js';

const harnesses: Array<{ name: string; exactOrder: boolean; illegal: boolean; make: () => Promise<TelescopeHarness> }> = [
  { name: 'in-process mid', exactOrder: true, illegal: true, make: () => startTelescopeHarness('in-process', { simulator: { telescope: 'mid', clock: new ManualClock() } }) },
  { name: 'in-process low', exactOrder: true, illegal: true, make: () => startTelescopeHarness('in-process', { simulator: { telescope: 'low', clock: new ManualClock() } }) },
  { name: 'http+sse mid (pubsub)', exactOrder: true, illegal: true, make: () => startTelescopeHarness('http-pubsub', { simulator: { telescope: 'mid' } }) },
  // Polling may miss a transient between two polls, so only final states are checked there; the
  // rejections are the same server code as above, so they are not repeated.
  { name: 'http low (polling)', exactOrder: false, illegal: false, make: () => startTelescopeHarness('http-polling', { simulator: { telescope: 'low' } }) },
];

function arginFor(telescope: Telescope, command: SubarrayCommand): unknown {
  switch (command) {
    case 'AssignResources':
      return assignJson(telescope, 1, [3]);
    case 'ReleaseResources':
      return { subarray_id: 1, release_all: true };
    case 'Configure':
      return configureJson();
    case 'Scan':
      return { scan_id: 2 };
    default:
      return undefined;
  }
}

/** The TM obsState values a command produces from `from`: its transient (if any), then its final state. */
function expectedValues(command: SubarrayCommand): ObsState[] {
  const row = OBS_STATE_MACHINE[command];
  return row.transient ? [row.transient, row.final] : [row.final];
}

const cases = OBS_STATES.flatMap((from) => SUBARRAY_COMMANDS.map((command) => ({ from, command, allowed: OBS_STATE_MACHINE[command].allowedFrom.includes(from) })));

describe.each(harnesses)('obsState machine, $name', ({ make, exactOrder, illegal }) => {
  let h: TelescopeHarness;
  beforeAll(async () => {
    h = await make();
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each(cases.filter((c) => c.allowed))('$command from $from goes through its transient to its final state', async ({ from, command }) => {
    await driveTo(h, from);
    const n = h.access.names;
    const tm = await recordAttribute(h, n.tmSubarray(1), 'obsState');
    const csp = await recordAttribute(h, n.cspSubarray(1), 'obsState');
    const sdp = await recordAttribute(h, n.sdpSubarray(1), 'obsState');
    const expected = expectedValues(command);
    const final = expected.at(-1);
    await h.access.command(n.tmSubarray(1), command, arginFor(h.access.telescope, command));
    for (const r of [tm, csp, sdp]) await r.waitFor((v) => v.at(-1) === final);
    if (exactOrder) {
      expect(tm.values()).toEqual(expected);
      expect(csp.values()).toEqual(expected);
      expect(sdp.values()).toEqual(expected);
    }
    expect(await obsState(h.access, 1)).toBe(final);
    const state = await h.access.getState();
    const resources = state.subarrays[0]!.assignedResources;
    if (final === 'EMPTY') expect(resources).toEqual([]);
    else expect(resources.length).toBeGreaterThan(0);
    for (const r of [tm, csp, sdp]) await r.unsubscribe();
  });

  // One drive per state, then every command not allowed there: each is rejected and changes nothing.
  const illegalByState = OBS_STATES.map((from) => ({ from, commands: cases.filter((c) => c.from === from && !c.allowed).map((c) => c.command) }));
  test.each(illegalByState.filter(() => illegal))('from $from, every other command is rejected with CommandNotAllowed and changes nothing', async ({ from, commands }) => {
    await driveTo(h, from);
    const n = h.access.names;
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const before = await h.access.getState();
      const err = await h.access.command(n.tmSubarray(1), command, arginFor(h.access.telescope, command)).catch((e: unknown) => e);
      expect(err, command).toBeInstanceOf(CommandNotAllowedError);
      expect(err).toMatchObject({ code: 'TELSIM_COMMAND_NOT_ALLOWED', device: n.tmSubarray(1), command, state: from });
      h.settle();
      const after = await h.access.getState();
      expect(after.seq, command).toBe(before.seq);
      expect(after.subarrays).toEqual(before.subarrays);
      const log = await h.access.getCommandLog();
      expect(log.at(-1)).toMatchObject({ command, outcome: 'TELSIM_COMMAND_NOT_ALLOWED' });
    }
  });
});
