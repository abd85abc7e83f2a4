import { describe, expect } from 'vitest';
import { resolveExecEnv } from '../src/index.js';
import { skallopHarness } from './helpers/harness.js';

// What DISABLE_MAINTAIN_ON=true resolves to (the parsing itself is unit-tested in src/env).
const { maintainOn } = await resolveExecEnv({}, { env: { DISABLE_MAINTAIN_ON: 'true' }, oetIniCandidates: [] });
const { test, sim } = skallopHarness('in-process', {}, { maintainOn, timeoutMs: 3000 });
const accepted = (): string[] => sim().commandLog.filter((e) => e.outcome === 'accepted').map((e) => e.command);

describe.sequential('S-ACC-3: DISABLE_MAINTAIN_ON=true', () => {
  test('a test that switches the telescope on...', async ({ configuredSubarray }) => {
    expect(maintainOn).toBe(false);
    expect(configuredSubarray.obsState).toBe('READY');
    expect(configuredSubarray.telescopeContext.sessionStack.size).toBe(0);
  });
  test('...is followed by Off; so is the next one', async ({ runningTelescope }) => {
    expect(accepted()).toEqual(['TelescopeOn', 'AssignResources', 'Configure', 'End', 'ReleaseAllResources', 'TelescopeOff', 'TelescopeOn']);
    expect(runningTelescope.testStack.labels).toEqual(['switch the telescope off']);
  });
  test('(after the second test)', () => {
    expect(accepted().slice(-2)).toEqual(['TelescopeOn', 'TelescopeOff']);
  });
});
