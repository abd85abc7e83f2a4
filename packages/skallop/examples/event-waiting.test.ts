// Event waiting: declare the conditions, subscribe before acting, wait with a total deadline.
import { STANDARD_COMPOSITION, WaitTimeoutError, test, waitBuilder } from '@ska/skallop';
import { expect } from 'vitest';

test('wait for an allocation on every device, and check that TM led on RESOURCING', async ({ runningTelescope, entryPoint, execSettings }) => {
  const { names } = entryPoint;
  runningTelescope.releaseSubarrayWhenFinished(1, [1, 2], execSettings);
  const w = waitBuilder(entryPoint)
    .on(names.tmSubarray(1)).attr('obsState').toBe('IDLE')
    .on(names.cspSubarray(1)).attr('obsState').toBe(['IDLE', 'READY'], { ignoreFirst: false })
    .on(names.sdpSubarray(1)).attr('obsState').toChangeInOrder(['RESOURCING', 'IDLE'])
    .on(names.tmSubarray(1)).attr('obsState').failIf('FAULT')
    .on(names.centralNode).attr('telescopeState').observe();
  const transit = w.transitChecker(names.tmSubarray(1), 'obsState', ['EMPTY', ['RESOURCING', 'ahead'], 'IDLE'], [names.cspSubarray(1), names.sdpSubarray(1)]);
  const result = await w.around(() => entryPoint.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-mvp01-20260101-00003'), { timeoutMs: 5000 });
  transit.assertAheadOfAll('RESOURCING');
  transit.assertBehindAll('IDLE');
  expect(result.table()).toContain('RESOURCING');
});

test('a timeout names what was not met and prints the events it saw', async ({ runningTelescope, entryPoint }) => {
  const err = await waitBuilder(entryPoint)
    .on(entryPoint.names.tmSubarray(1)).attr('obsState').toBe('READY')
    .wait({ timeoutMs: 50 })
    .catch((e: unknown) => e);
  expect(runningTelescope.state).toBe('ON');
  expect(err).toBeInstanceOf(WaitTimeoutError);
  expect((err as WaitTimeoutError).message).toContain('ska_mid/tm_subarray_node/1 obsState to be READY (last value: EMPTY)');
  expect((err as WaitTimeoutError).message).toMatch(/time \(UTC\) +\+ms +device +attr +value +flag/);
});
