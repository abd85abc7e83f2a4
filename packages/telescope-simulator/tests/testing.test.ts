import { ManualClock } from '@observatory/core';
import { describe, expect, test } from 'vitest';
import { createTelescopeSimulator } from '../src/simulator.js';
import { createTangoTelescopeClient } from '../src/tango.js';
import { RecordingTimeoutError, TELESCOPE_HARNESS_MODES, TELESCOPE_SUT_MODES, recordAttribute, startTelescopeHarness, startTelescopeSut } from '../src/testing.js';

// The `/testing` subpath itself; obs-state-machine.test.ts (here) and skallop's user examples run on it too.
describe.each(TELESCOPE_HARNESS_MODES.map((mode) => ({ mode })))('startTelescopeHarness($mode)', ({ mode }) => {
  test('reaches the simulator it started: a command through `access` is in its log and its events are recorded', async () => {
    await using h = await startTelescopeHarness(mode, { simulator: { telescope: 'low' } });
    expect(h.mode).toBe(mode);
    expect(h.access.telescope).toBe('low');
    expect(h.url === undefined).toBe(mode === 'in-process');
    const n = h.access.names;
    const state = await recordAttribute(h, n.centralNode, 'telescopeState');
    await h.access.command(n.centralNode, 'TelescopeOn');
    await state.waitFor((v) => v.at(-1) === 'ON', 10_000);
    expect(h.simulator.commandLog.map((e) => e.command)).toContain('TelescopeOn');
    await state.unsubscribe();
  });

  test('close() is idempotent', async () => {
    const h = await startTelescopeHarness(mode);
    await Promise.all([h.close(), h.close()]);
    await h.close();
  });
});

test('settle() runs zero-delay transitions on a ManualClock', async () => {
  const clock = new ManualClock();
  await using h = await startTelescopeHarness('in-process', { simulator: { clock } });
  const state = await recordAttribute(h, h.access.names.centralNode, 'telescopeState');
  await h.access.command(h.access.names.centralNode, 'TelescopeOn');
  await state.waitFor((v) => v.includes('ON'));
  expect(state.values().at(-1)).toBe('ON');
});

test('recordAttribute rejects with RECORDING_TIMEOUT and what it saw', async () => {
  await using sim = createTelescopeSimulator({ clock: new ManualClock() });
  const initial = (await sim.read(sim.names.centralNode, 'telescopeState')).value;
  const r = await recordAttribute({ access: sim }, sim.names.centralNode, 'telescopeState');
  const err = await r.waitFor(() => false, 20).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(RecordingTimeoutError);
  expect(err).toMatchObject({ code: 'TELSIM_RECORDING_TIMEOUT', device: sim.names.centralNode, attr: 'telescopeState', seen: [initial] });
  await r.unsubscribe();
});

test('the Tango modes register the devices in a database a Tango client reads them through', async () => {
  expect(TELESCOPE_SUT_MODES).toEqual(expect.arrayContaining(['tango-events', 'tango-polling']));
  await using sut = await startTelescopeSut('tango-polling', { simulator: { telescope: 'mid' } });
  expect(sut.readViaPubsub).toBe(false);
  expect(sut.tangoHost).toMatch(/^127\.0\.0\.1:\d+$/);
  const client = createTangoTelescopeClient({ telescope: 'mid', tangoHost: sut.tangoHost, readViaPubsub: false });
  try {
    const n = sut.simulator.names;
    const expected = (await sut.simulator.read(n.centralNode, 'telescopeState')).value;
    expect((await client.read(n.centralNode, 'telescopeState')).value).toBe(expected);
  } finally {
    await client.close();
  }
});
