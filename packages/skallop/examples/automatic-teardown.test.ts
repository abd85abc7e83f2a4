// Automatic teardown: a test that changes the state itself declares the reverse up front.
import { STANDARD_COMPOSITION, STANDARD_CONFIGURATION, test, waitBuilder } from '@ska/skallop';
import type { EntryPoint } from '@ska/skallop';
import { expect, type TestContext } from 'vitest';

/** Stands in for your system's own way of doing things (an OET script, a TMC client...). */
async function exerciseStartup(ep: EntryPoint): Promise<void> {
  await waitBuilder(ep).on(ep.names.centralNode).attr('telescopeState').toBe('ON').around(() => ep.setTelescopeToRunning(), { timeoutMs: 5000 });
}

async function exerciseObsCommand(ep: EntryPoint, id: number, final: string, command: () => Promise<void>): Promise<void> {
  const w = waitBuilder(ep);
  for (const device of [ep.names.tmSubarray(id), ep.names.cspSubarray(id), ep.names.sdpSubarray(id)]) w.on(device).attr('obsState').toBe(final);
  await w.around(command, { timeoutMs: 5000 });
}

/** Once the test and all its teardowns are done (onTestFinished runs after fixture cleanup): subarray 1 is EMPTY again. */
function expectSubarrayEmptyAfterTest(ep: EntryPoint, onTestFinished: TestContext['onTestFinished']): void {
  onTestFinished(async () => {
    expect((await ep.read(ep.names.tmSubarray(1), 'obsState')).value).toBe('EMPTY');
  });
}

function myAllocation() {
  return { subarrayId: 1, receptors: [1, 2], sbId: 'sbi-mvp01-20260101-00002' };
}

test('switch on', async ({ standbyTelescope, execSettings, entryPoint, onTestFinished }) => {
  expectSubarrayEmptyAfterTest(entryPoint, onTestFinished);
  standbyTelescope.switchOffAfterTest(execSettings);
  await exerciseStartup(entryPoint);
});

test('allocate', async ({ runningTelescope, execSettings, entryPoint, onTestFinished }) => {
  expectSubarrayEmptyAfterTest(entryPoint, onTestFinished);
  const c = myAllocation();
  runningTelescope.releaseSubarrayWhenFinished(c.subarrayId, c.receptors, execSettings);
  await exerciseObsCommand(entryPoint, c.subarrayId, 'IDLE', () => entryPoint.composeSubarray(c.subarrayId, c.receptors, STANDARD_COMPOSITION, c.sbId));
});

test('configure', async ({ allocatedSubarray, execSettings, entryPoint, onTestFinished }) => {
  expectSubarrayEmptyAfterTest(entryPoint, onTestFinished);
  allocatedSubarray.clearConfigurationWhenFinished(execSettings);
  await exerciseObsCommand(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 1));
});

test('configure and scan', async ({ allocatedSubarray, execSettings, entryPoint, onTestFinished }) => {
  expectSubarrayEmptyAfterTest(entryPoint, onTestFinished);
  allocatedSubarray.checkConfigurationWhenFinished(execSettings); // at teardown: READY passes, a running scan is awaited
  await exerciseObsCommand(entryPoint, 1, 'READY', () => entryPoint.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, allocatedSubarray.sbConfig.sbId, 0.05));
  await exerciseObsCommand(entryPoint, 1, 'SCANNING', () => entryPoint.scan(1));
});
