import { describe, expect, it } from 'vitest';
import { main } from '../../examples/power-supply-device.js';

describe('examples/power-supply-device.ts', () => {
  it('serves a TypeScript device class and drives it with our client', async () => {
    expect(await main()).toEqual({ state: 'ON', current: 4, voltage: 10, ramp: 'ramping from 4 A to 6 A' });
  });
});
