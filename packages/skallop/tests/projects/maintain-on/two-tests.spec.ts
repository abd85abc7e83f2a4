import { test } from '@ska/skallop';
import { expect } from 'vitest';

test('a scan-ready subarray', async ({ configuredSubarray }) => {
  expect(configuredSubarray.obsState).toBe('READY');
});

test('a running telescope', async ({ runningTelescope }) => {
  expect(runningTelescope.state).toBe('ON');
});
