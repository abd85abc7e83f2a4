// Explicit factory usage: override a layer by name; everything above it (configuredSubarray) uses the override.
import { test } from '@ska/skallop';
import { describe, expect } from 'vitest';

describe('on subarray 2', () => {
  test.override('allocatedSubarray', ({ subarrayAllocationSpec: s, factoryAllocatedSubarray: f }) =>
    f({ subarrayAllocationSpec: { ...s, subarrayId: 2, receptors: [3, 4] } }),
  );

  test('configures subarray 2 and leaves subarray 1 alone', async ({ configuredSubarray, entryPoint }) => {
    expect(configuredSubarray.id).toBe(2);
    expect((await entryPoint.read(entryPoint.names.tmSubarray(2), 'obsState')).value).toBe('READY');
    expect((await entryPoint.read(entryPoint.names.tmSubarray(1), 'obsState')).value).toBe('EMPTY');
  });
});

test('a factory call registers its own teardown', async ({ factoryAllocatedSubarray, subarrayAllocationSpec }) => {
  const first = await factoryAllocatedSubarray();
  const second = await factoryAllocatedSubarray({ subarrayAllocationSpec: { ...subarrayAllocationSpec, subarrayId: 2, receptors: [3, 4] } });
  expect([first.id, second.id]).toEqual([1, 2]); // both are released after the test, second first
});
