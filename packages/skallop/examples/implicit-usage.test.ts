// Implicit usage: ask for the state your test starts from; the whole chain sets up, then tears down FILO.
import { test } from '@ska/skallop';
import { expect } from 'vitest';

test('a configured subarray is READY on every device', async ({ configuredSubarray, entryPoint }) => {
  const { names } = entryPoint;
  for (const device of [names.tmSubarray(1), names.cspSubarray(1), names.sdpSubarray(1)]) {
    expect((await entryPoint.read(device, 'obsState')).value).toBe('READY');
  }
  expect(configuredSubarray.receptors).toEqual([1, 2]);
});

test('the next test starts clean: End and the release ran, the telescope stayed ON', async ({ runningTelescope, entryPoint }) => {
  expect((await entryPoint.read(entryPoint.names.tmSubarray(1), 'obsState')).value).toBe('EMPTY');
  expect(runningTelescope.state).toBe('ON');
});
