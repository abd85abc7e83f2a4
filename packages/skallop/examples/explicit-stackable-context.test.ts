// Explicit StackableContext usage: make the setup calls yourself; the teardown is still registered.
import { STANDARD_COMPOSITION, STANDARD_CONFIGURATION, test } from '@ska/skallop';
import type { fxtTypes } from '@ska/skallop';
import { describe, expect } from 'vitest';

function mySubarrayConfiguration(id: number) {
  return { id, receptors: [1, 2], sbConfig: { sbId: 'sbi-mvp01-20260101-00001' }, composition: STANDARD_COMPOSITION };
}

function myScanConfiguration() {
  return { configuration: STANDARD_CONFIGURATION, durationS: 2 };
}

describe('my own allocation and configuration', () => {
  test.override('allocatedSubarray', ({ runningTelescope, execSettings }) => {
    const c = mySubarrayConfiguration(1);
    return runningTelescope.allocateASubarray(c.id, c.receptors, c.sbConfig, execSettings, c.composition);
  });
  test.override('configuredSubarray', ({ allocatedSubarray, execSettings }) => {
    const s = myScanConfiguration();
    return allocatedSubarray.configure(s.configuration, s.durationS, execSettings);
  });

  test('uses my scheduling block', ({ configuredSubarray }: { configuredSubarray: fxtTypes.configuredSubarray }) => {
    expect(configuredSubarray.sbConfig.sbId).toBe('sbi-mvp01-20260101-00001');
    expect(configuredSubarray.durationS).toBe(2);
  });
});

const log: string[] = [];

test('my own layer: set up now, torn down at the end of the test', async ({ telescopeContext }) => {
  const value = await telescopeContext.pushContextOntoTest(
    (async function* () {
      log.push('set up');
      yield 'my layer';
      log.push('torn down'); // runs at test end, before the layers pushed earlier
    })(),
  );
  expect(value).toBe('my layer');
});

test('... it was torn down', () => {
  expect(log).toEqual(['set up', 'torn down']);
});
