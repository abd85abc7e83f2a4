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
        test('5. finding ON it switches the telescope off', async ({ standbyTelescope, entryPoint }) => {
          expect(standbyTelescope.state).toBe('OFF');
          expect(await telescopeState(entryPoint)).not.toBe('ON');
          setMark();
        });
        test('5. ... and on again after the test; finding OFF sends nothing', async ({ entryPoint }) => {
          expect(accepted(mark)).toEqual(['TelescopeOn']);
          expect(await telescopeState(entryPoint)).toBe('ON');
        });
      }
    });

    describe.sequential('automatic teardown', () => {
      test('7. releaseSubarrayWhenFinished + direct allocation', async ({ runningTelescope, execSettings, entryPoint }) => {
        setMark();
        runningTelescope.releaseSubarrayWhenFinished(1, [1, 2], execSettings);
        await obsAround(entryPoint, 1, 'IDLE', () => entryPoint.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-test-20260101-00007'));
      });
      test('7. ... exactly one ReleaseAllResources', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['AssignResources', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });

      test('8. clearConfigurationWhenFinished + Configure', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.clearConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 1));
      });
      test('8. ... End, then the release', async () => {
        expect(accepted(mark)).toEqual(['Configure', 'End', 'ReleaseAllResources']);
      });

      test('9. checkConfigurationWhenFinished: a finished scan passes', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.checkConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 0.02));
        const w = waitBuilder(entryPoint, { clock: entryPoint.clock }).on(entryPoint.names.tmSubarray(1)).attr('obsState').toChangeInOrder(['SCANNING', 'READY']);
        await w.around(() => entryPoint.scan(1), { timeoutMs: 3000 });
      });
      test('9. ... then End and the release', async () => {
        expect(accepted(mark)).toEqual(['Configure', 'Scan', 'End', 'ReleaseAllResources']);
      });

      test('9. checkConfigurationWhenFinished: a running scan is awaited', async ({ allocatedSubarray, execSettings, entryPoint }) => {
        setMark();
        allocatedSubarray.checkConfigurationWhenFinished(execSettings);
        await obsAround(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 0.2));
        await obsAround(entryPoint, 1, 'SCANNING', () => entryPoint.scan(1));
      });
      test('9. ... the scan ended by itself, then End and the release', async ({ entryPoint }) => {
        expect(accepted(mark)).toEqual(['Configure', 'Scan', 'End', 'ReleaseAllResources']);
        expect(await obs(entryPoint, entryPoint.names.tmSubarray(1))).toBe('EMPTY');
      });
    });
  });
}
