import { expect } from 'vitest';
import type { DeviceProxy } from '../../src/client/device-proxy.js';

/**
 * The IDL 4/3 operations older clients use (read_attributes_4, get_attribute_config_3) answer like their IDL 5
 * forms on a TangoTest-like device: one check, run against cppTango's TangoTest and against ours.
 */
export async function expectOlderIdlFormsMatchIdl5(dev: DeviceProxy): Promise<void> {
  const names = ['double_scalar', 'boolean_spectrum', 'State'];
  const v5 = await dev.call('read_attributes_5', { names, source: 'DEV', cl_ident: { CPP: process.pid } });
  const v4 = await dev.call('read_attributes_4', { names, source: 'DEV', cl_ident: { CPP: process.pid } });
  expect(v4.map((v) => [v.name, v.data_format, v.quality, v.value.type, v.r_dim])).toEqual(v5.map((v) => [v.name, v.data_format, v.quality, v.value.type, v.r_dim]));
  expect(v4.every((v) => !('data_type' in v))).toBe(true);
  const c5 = await dev.call('get_attribute_config_5', { names: ['double_scalar', 'short_scalar'] });
  const c3 = await dev.call('get_attribute_config_3', { names: ['double_scalar', 'short_scalar'] });
  // Version 3 lacks memorized/mem_init, root_attr_name and enum_labels; everything else is the same.
  const strip = (c: (typeof c5)[number]): unknown => ({ ...c, memorized: undefined, mem_init: undefined, root_attr_name: undefined, enum_labels: undefined });
  expect(c3.map(strip)).toEqual(c5.map(strip));
}
