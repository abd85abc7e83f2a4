import { describe, expect, it } from 'vitest';
import type { AttributeConfig_5, AttributeValue_5 } from '../idl/structs.js';
import { readingFromWire, writeValueFor } from './attribute-data.js';

const base: Omit<AttributeValue_5, 'value' | 'data_format' | 'data_type' | 'r_dim' | 'w_dim'> = {
  quality: 'ATTR_VALID',
  time: { tv_sec: 1, tv_usec: 500_123, tv_nsec: 0 },
  name: 'x',
  err_list: [],
};

function config(data_type: number, data_format: AttributeConfig_5['data_format']): AttributeConfig_5 {
  return { name: 'x', data_type, data_format } as AttributeConfig_5;
}

describe('attribute values (T-IDL-4)', () => {
  it('splits READ_WRITE spectra into the read part and the set point', () => {
    const r = readingFromWire({ ...base, value: { type: 'ATT_DOUBLE', value: new Float64Array([1.5, 2.5, 3.5, 9, 8, 7]) }, data_format: 'SPECTRUM', data_type: 5, r_dim: { dim_x: 3, dim_y: 0 }, w_dim: { dim_x: 3, dim_y: 0 } });
    expect(Array.from(r.value as Float64Array)).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(r.writeValue as Float64Array)).toEqual([9, 8, 7]);
    expect(r.time.getTime()).toBe(1500);
    expect(r.timeMicros).toBe(1_500_123);
  });

  it('scalars: [read, set point]; DEVICE_STATE by name; errors as values', () => {
    const s = readingFromWire({ ...base, value: { type: 'ATT_LONG64', value: new BigInt64Array([5n, 6n]) }, data_format: 'SCALAR', data_type: 23, r_dim: { dim_x: 1, dim_y: 0 }, w_dim: { dim_x: 1, dim_y: 0 } });
    expect([s.value, s.writeValue]).toEqual([5n, 6n]);
    const st = readingFromWire({ ...base, value: { type: 'DEVICE_STATE', value: 'ALARM' }, data_format: 'SCALAR', data_type: 19, r_dim: { dim_x: 1, dim_y: 0 }, w_dim: { dim_x: 0, dim_y: 0 } });
    expect(st.value).toBe('ALARM');
    const e = readingFromWire({
      ...base,
      value: { type: 'ATT_NO_DATA', value: true },
      data_format: 'FMT_UNKNOWN',
      data_type: 0,
      r_dim: { dim_x: 0, dim_y: 0 },
      w_dim: { dim_x: 0, dim_y: 0 },
      err_list: [{ reason: 'API_AttrNotFound', severity: 'ERR', desc: 'd', origin: 'o' }],
    });
    expect(e.error?.reason).toBe('API_AttrNotFound');
    expect(e.value).toBeUndefined();
  });

  it('builds write values like PyTango: FMT_UNKNOWN, time zero, w_dim from the value', () => {
    const w = writeValueFor(config(5, 'SCALAR'), 3.25);
    expect(w).toMatchObject({ data_format: 'FMT_UNKNOWN', r_dim: { dim_x: 0, dim_y: 0 }, w_dim: { dim_x: 1, dim_y: 0 }, quality: 'ATTR_VALID' });
    expect(Array.from(w.value.value as Float64Array)).toEqual([3.25]);
    const img = writeValueFor(config(3, 'IMAGE'), [[1, 2, 3], [4, 5, 6]]);
    expect(img.w_dim).toEqual({ dim_x: 3, dim_y: 2 });
    expect(img.value.type).toBe('ATT_LONG');
    expect(writeValueFor(config(24, 'SCALAR'), 2n ** 64n - 1n).value.value).toEqual(new BigUint64Array([2n ** 64n - 1n]));
    expect(writeValueFor(config(19, 'SCALAR'), 'ON').value).toEqual({ type: 'ATT_STATE', value: ['ON'] });
  });

  it('rejects values that do not fit with TANGO_VALUE_INVALID', () => {
    for (const [c, v] of [
      [config(2, 'SCALAR'), 40000],
      [config(5, 'SCALAR'), [1, 2]],
      [config(5, 'SPECTRUM'), 1],
      [config(3, 'IMAGE'), [[1, 2], [3]]],
      [config(23, 'SCALAR'), 1.5],
      [config(8, 'SCALAR'), 7],
    ] as const) {
      expect(() => writeValueFor(c, v as never)).toThrow(expect.objectContaining({ code: 'TANGO_VALUE_INVALID' }));
    }
  });
});
