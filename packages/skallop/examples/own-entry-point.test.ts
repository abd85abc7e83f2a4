// Your own entry point: here a simulator you hold on to, with skews, so that a test can inject faults.
import { STANDARD_CONFIGURATION, simulatorEntryPoint, withSkallop } from '@ska/skallop';
import { createTelescopeSimulator } from '@ska/telescope-simulator';
import { test as base, expect } from 'vitest';

const sim = createTelescopeSimulator({ telescope: 'mid', skews: { csp: 5, sdp: 10 } });
const test = withSkallop(base, { createEntryPoint: () => simulatorEntryPoint(sim, { closeAccess: true }) });

test.fails('a test that fails half-way, leaving subarray 1 stuck CONFIGURING', async ({ allocatedSubarray, execSettings }) => {
  sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING', times: 1 });
  await allocatedSubarray.configure(STANDARD_CONFIGURATION, 1, execSettings.replica({ timeoutMs: 100 }));
});

test('the next test starts clean: the subarray was aborted and restarted', async ({ configuredSubarray }) => {
  expect(configuredSubarray.obsState).toBe('READY');
  expect(sim.obsState(1, 'csp')).toBe('READY');
});
