import { describe, expect, it } from 'vitest';
import { getMultitypeSystems, getSimulatorModule, listSimulators } from './registry.js';

describe('registry', () => {
  it('lists the simulators in code-point order and finds them by name', () => {
    const names = listSimulators();
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const name of names) expect(getSimulatorModule(name)?.name).toBe(name);
    expect(getSimulatorModule('nothing')).toBeUndefined();
  });

  it('names the types of multi-type systems', () => {
    expect(getMultitypeSystems('lo')).toEqual(['generic_LO', 'w_LO']);
    expect(getMultitypeSystems('backend')).toEqual(['mistral', 'sardara']);
    expect(getMultitypeSystems('if_distributor')).toEqual(['IFD', 'IFD_14_channels']);
    expect(getMultitypeSystems('calmux')).toEqual([]);
  });
});
