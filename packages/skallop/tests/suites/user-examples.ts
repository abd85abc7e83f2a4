import { describe, expect } from 'vitest';
import type { EntryPoint } from '../../src/index.js';
import { STANDARD_COMPOSITION, STANDARD_CONFIGURATION, waitBuilder } from '../../src/index.js';
import type { SutMode } from '../helpers/harness.js';
import { skallopHarness } from '../helpers/harness.js';

/** Waits for obsState `value` on TM/CSP/SDP of subarray `id` around `action` (what a user's helper would do). */
async function obsAround(ep: EntryPoint, id: number, value: string, action: () => Promise<void>): Promise<void> {
  const w = waitBuilder(ep, { clock: ep.clock });
  for (const d of [ep.names.tmSubarray(id), ep.names.cspSubarray(id), ep.names.sdpSubarray(id)]) w.on(d).attr('obsState').toBe(value);
  await w.around(action, { timeoutMs: 3000 });
}

async function exerciseStartup(ep: EntryPoint): Promise<void> {
  await waitBuilder(ep, { clock: ep.clock }).on(ep.names.centralNode).attr('telescopeState').toBe('ON', { ignoreFirst: false }).around(() => ep.setTelescopeToRunning(), { timeoutMs: 3000 });
}

const obs = async (ep: EntryPoint, device: string): Promise<unknown> => (await ep.read(device, 'obsState')).value;
const telescopeState = async (ep: EntryPoint): Promise<unknown> => (await ep.read(ep.names.centralNode, 'telescopeState')).value;

/** The spec's behaviours 1-9 (and more) written as users write tests; run in process and over HTTP. */
export function defineUserExamples(mode: SutMode): void {
  const { test, sim } = skallopHarness(mode);
  let mark = 0;
  const accepted = (from = 0): string[] => sim().commandLog.slice(from).filter((e) => e.outcome === 'accepted').map((e) => e.command);
  const setMark = (): void => void (mark = sim().commandLog.length);

  describe(`user examples (${mode})`, () => {
    describe.sequential('implicit usage', () => {
      const t = test;
      t('1. configuredSubarray is READY on TM/CSP/SDP with SKA001 and SKA002', async ({ configuredSubarray, entryPoint }) => {
        const n = entryPoint.names;
        expect(configuredSubarray.id).toBe(1);
        for (const d of [n.tmSubarray(1), n.cspSubarray(1), n.sdpSubarray(1)]) expect(await obs(entryPoint, d)).toBe('READY');
        expect((await entryPoint.read(n.tmSubarray(1), 'assignedResources')).value).toEqual(['SKA001', 'SKA002']);
        expect(accepted()).toEqual(['TelescopeOn', 'AssignResources', 'Configure']);
      });

      t('2. afterwards End and the release ran; the telescope stays ON', async ({ entryPoint }) => {
        expect(accepted()).toEqual(['TelescopeOn', 'AssignResources', 'Configure', 'End', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
        expect(await telescopeState(entryPoint)).toBe('ON');
      });

      t('4. runningTelescope finding the telescope ON sends and registers nothing', async ({ runningTelescope }) => {
        setMark();
        expect(runningTelescope.state).toBe('ON');
        expect(runningTelescope.testStack.size).toBe(0);
        expect(accepted(mark)).toEqual([]);
      });

      t('12. destructuring only telescopeContext sends no command', async ({ telescopeContext }) => {
        setMark();
        expect(telescopeContext.testStack.size).toBe(0);
        expect(accepted(mark)).toEqual([]);
      });
    });

    describe.sequential('standbyTelescope', () => {
      t5();
      function t5(): void {
        test('S-ACC-5: finding ON it switches the telescope off', async ({ standbyTelescope, entryPoint }) => {
          expect(standbyTelescope.state).toBe('OFF');
          expect(await telescopeState(entryPoint)).not.toBe('ON');
          setMark();
        });
        test('S-ACC-5: ... and on again after the test; finding OFF sends nothing', async ({ entryPoint }) => {
          expect(accepted(mark)).toEqual(['TelescopeOn']);
          expect(await telescopeState(entryPoint)).toBe('ON');
        });
      }
    });

    describe.sequential('automatic teardown', () => {
      test('S-ACC-7: releaseSubarrayWhenFinished + direct allocation', async ({ runningTelescope, execSettings, entryPoint }) => {
        setMark();
        runningTelescope.releaseSubarrayWhenFinished(1, [1, 2], execSettings);
        await obsAround(entryPoint, 1, 'IDLE', () => entryPoint.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00007'));
      });
      test('S-ACC-7: ... exactly one ReleaseAllResources', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['AssignResources', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });

      test('S-ACC-8: clearConfigurationWhenFinished + Configure', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.clearConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 1));
      });
      test('S-ACC-8: ... End, then the release', async () => {
        expect(accepted(mark)).toEqual(['Configure', 'End', 'ReleaseAllResources']);
      });

      test('S-ACC-9: checkConfigurationWhenFinished: a finished scan passes', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.checkConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 0.02));
        const w = waitBuilder(entryPoint, { clock: entryPoint.clock }).on(entryPoint.names.tmSubarray(1)).attr('obsState').toChangeInOrder(['SCANNING', 'READY']);
        await w.around(() => entryPoint.scan(1), { timeoutMs: 3000 });
      });
      test('S-ACC-9: ... then End and the release', async () => {
        expect(accepted(mark)).toEqual(['Configure', 'Scan', 'End', 'ReleaseAllResources']);
      });

      test('S-ACC-9: checkConfigurationWhenFinished: a running scan is awaited', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.checkConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 0.2));
        await obsAround(entryPoint, 1, 'SCANNING', () => entryPoint.scan(1));
      });
      test('S-ACC-9: ... the scan ended by itself, then End and the release', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['Configure', 'Scan', 'End', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });
    });
    describe.sequential('explicit factory usage', () => {
      test.override('allocatedSubarray', ({ subarrayAllocationSpec: s, factoryAllocatedSubarray: f }) => f({ subarrayAllocationSpec: { ...s, subarrayId: 2 } }));

      test('S-ACC-10: factoryAllocatedSubarray with subarrayId 2 leaves subarray 1 alone', async ({ allocatedSubarray, entryPoint }) => {
        setMark();
        expect(allocatedSubarray.id).toBe(2);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(2))).toBe('IDLE');
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });
      test('S-ACC-10: ... only subarray 2 was released', async ({ entryPoint }) => {
        const released = sim().commandLog.slice(mark).filter((e) => e.command === 'ReleaseAllResources');
        expect(released.map((e) => e.device)).toEqual([entryPoint.names.tmSubarray(2)]);
        expect(sim().commandLog.slice(mark).some((e) => e.device === entryPoint.names.tmSubarray(1))).toBe(false);
      });
    });

    describe.sequential('explicit StackableContext usage', () => {
      const mySubarrayConfiguration = (id: number) => ({ id, receptors: [3, 4], sbConfig: { sbId: 'sbi-test-20260101-00011' }, composition: STANDARD_COMPOSITION });
      const myScanConfiguration = () => ({ configuration: STANDARD_CONFIGURATION, durationS: 0.5 });
      test.override('allocatedSubarray', ({ runningTelescope, execSettings }) => {
        const c = mySubarrayConfiguration(1);
        return runningTelescope.allocateASubarray(c.id, c.receptors, c.sbConfig, execSettings, c.composition);
      });
      test.override('configuredSubarray', ({ allocatedSubarray, execSettings }) => {
        const s = myScanConfiguration();
        return allocatedSubarray.configure(s.configuration, s.durationS, execSettings);
      });

      test('S-ACC-11: configuredSubarray receives the override of allocatedSubarray', async ({ configuredSubarray, entryPoint }) => {
        setMark();
        expect(configuredSubarray.receptors).toEqual([3, 4]);
        expect(configuredSubarray.durationS).toBe(0.5);
        expect((await entryPoint.read(entryPoint.names.tmSubarray(1), 'assignedResources')).value).toEqual(['SKA003', 'SKA004']);
      });
      test('S-ACC-11: ... and both layers were undone', async () => {
        expect(accepted(mark)).toEqual(['End', 'ReleaseAllResources']);
      });

      const layerLog: string[] = [];
      test('own layer: setup at once, teardown at test end', async ({ telescopeContext }) => {
        const value = await telescopeContext.pushContextOntoTest(
          (async function* () {
            layerLog.push('set up');
            yield 'my layer';
            layerLog.push('torn down');
          })(),
        );
        expect(value).toBe('my layer');
        expect(layerLog).toEqual(['set up']);
      });
      test('own layer: ... torn down', () => {
        expect(layerLog).toEqual(['set up', 'torn down']);
      });
    });

    describe.sequential('disabling automatic teardown', () => {
      test('S-ACC-17: disableAutomaticTeardown: the test releases, skallop does not', async ({ allocatedSubarray, entryPoint }) => {
        setMark();
        expect(allocatedSubarray.disableAutomaticTeardown()).toBe(true);
        await obsAround(entryPoint, 1, 'EMPTY', () => entryPoint.tearDownSubarray(1));
      });
      test('S-ACC-17: ... exactly one release', async () => {
        expect(accepted(mark)).toEqual(['ReleaseAllResources']);
      });

      test('S-ACC-17: disableAutomaticClear: the test sends End, skallop still releases', async ({ configuredSubarray, entryPoint }) => {
        setMark();
        expect(configuredSubarray.disableAutomaticClear()).toBe(true);
        await obsAround(entryPoint, 1, 'IDLE', () => entryPoint.clearConfiguration(1));
      });
      test('S-ACC-17: ... exactly one End, then the release', async () => {
        expect(accepted(mark)).toEqual(['End', 'ReleaseAllResources']);
      });

      test('S-ACC-17: disableAutomaticSetdown cancels the pending Off', async ({ telescopeContext }) => {
        // Maintain-on: the first On of this worker registered Off on the session stack.
        const before = telescopeContext.sessionStack.labels.filter((l) => l.includes('telescope off')).length;
        expect(before).toBe(1);
        await telescopeContext.setUpATelescope();
        expect(telescopeContext.disableAutomaticSetdown()).toBe(false); // found ON: this context registered nothing
      });
    });

    describe.sequential('reset and restart after an abort', () => {
      test('S-ACC-18: resetAfterTest: ObsReset, then the release', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        allocatedSubarray.resetAfterTest(execSettings);
        await obsAround(entryPoint, 1, 'ABORTED', () => entryPoint.abortSubarray(1));
        setMark();
      });
      test('S-ACC-18: ... ends EMPTY', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['ObsReset', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });
      test('S-ACC-18: restartAfterTest: Restart and no release', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        allocatedSubarray.restartAfterTest(execSettings);
        await obsAround(entryPoint, 1, 'ABORTED', () => entryPoint.abortSubarray(1));
        setMark();
      });
      test('S-ACC-18: ... ends EMPTY', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['Restart']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });
    });

    describe.sequential('dirty state found before a test', () => {
      test('(left READY by someone else)', async ({ entryPoint }) => {
        await obsAround(entryPoint, 1, 'IDLE', () => entryPoint.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00019'));
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, 'sbi-test-20260101-00019', 1));
        setMark();
      });
      test('S-ACC-19: allocatedSubarray ends and releases it first, and says so', async ({ allocatedSubarray, telescopeContext }) => {
        expect(allocatedSubarray.obsState).toBe('IDLE');
        expect(accepted(mark)).toEqual(['End', 'ReleaseAllResources', 'AssignResources']);
        expect(telescopeContext.annotations.join('\n')).toMatch(/subarray 1 .*found .*READY.*; End, ReleaseAllResources/);
      });
    });

    describe.sequential('left SCANNING, ABORTED or FAULT by someone else', () => {
      const leave: Record<string, (ep: EntryPoint) => Promise<void>> = {
        SCANNING: async (ep) => {
          await obsAround(ep, 1, 'IDLE', () => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00020'));
          await obsAround(ep, 1, 'READY', () => ep.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, 'sbi-test-20260101-00020', 600));
          await obsAround(ep, 1, 'SCANNING', () => ep.scan(1));
        },
        ABORTED: async (ep) => {
          await obsAround(ep, 1, 'IDLE', () => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00021'));
          await obsAround(ep, 1, 'ABORTED', () => ep.abortSubarray(1));
        },
        FAULT: async (ep) => {
          sim().faults.inject({ kind: 'fault', command: 'AssignResources', times: 1 });
          await obsAround(ep, 1, 'FAULT', () => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00022'));
        },
      };
      for (const [state, drive] of Object.entries(leave)) {
        test(`(subarray 1 left ${state})`, async ({ entryPoint }) => {
          await drive(entryPoint);
          expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe(state);
        });
        test(`S-ACC-20: allocatedSubarray recovers a subarray left ${state}`, async ({ allocatedSubarray, telescopeContext, entryPoint }) => {
          expect(allocatedSubarray.obsState).toBe('IDLE');
          for (const d of [entryPoint.names.tmSubarray(1), entryPoint.names.cspSubarray(1), entryPoint.names.sdpSubarray(1)]) expect(await obs(entryPoint, d)).toBe('IDLE');
          expect(telescopeContext.annotations.join('\n')).toContain(`ska_mid/tm_subarray_node/1=${state}`);
        });
      }
    });

    describe.sequential('a test failing mid-way', () => {
      test.fails('S-ACC-33: throws while subarray 1 is stuck CONFIGURING', async ({ allocatedSubarray, execSettings }) => {
        sim().faults.inject({ kind: 'stuck', obsState: 'CONFIGURING', times: 1 });
        await allocatedSubarray.configure(STANDARD_CONFIGURATION, 1, execSettings.replica({ timeoutMs: 200 }));
      });
      test('S-ACC-33: the next test finds subarray 1 EMPTY and passes', async ({ configuredSubarray, entryPoint }) => {
        expect(configuredSubarray.obsState).toBe('READY');
        expect(await obs(entryPoint, entryPoint.names.cspSubarray(1))).toBe('READY');
      });
    });
  });

  const fresh = skallopHarness(mode);
  describe.sequential(`starting from OFF (${mode})`, () => {
    fresh.test('S-ACC-6: switchOffAfterTest while the test switches the telescope on', async ({ standbyTelescope, execSettings, entryPoint }) => {
      expect(fresh.sim().commandLog).toEqual([]); // found OFF: nothing sent
      standbyTelescope.switchOffAfterTest(execSettings);
      await exerciseStartup(entryPoint);
    });
    fresh.test('S-ACC-6: ... ends OFF with exactly one Off', async ({ entryPoint }) => {
      expect(fresh.sim().commandLog.map((e) => e.command)).toEqual(['TelescopeOn', 'TelescopeOff']);
      expect(await telescopeState(entryPoint)).not.toBe('ON');
    });
  });
}
