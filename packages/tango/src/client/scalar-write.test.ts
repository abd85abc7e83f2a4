import { describe, expect, it } from 'vitest';
import { CdrWriter } from '../cdr/writer.js';
import { CmdArgType } from '../idl/enums.js';
import { operations } from '../idl/operations.js';
import type { AttributeConfig_5 } from '../idl/structs.js';
import { writeValueFor } from './attribute-data.js';
import { fitsTemplate, scalarWriteTemplate } from './scalar-write.js';

const ident = { CPP: 31337 };

function config(name: string, data_type: number, data_format: AttributeConfig_5['data_format'] = 'SCALAR'): AttributeConfig_5 {
  return { name, data_type, data_format } as AttributeConfig_5;
}

function general(c: AttributeConfig_5, v: number): string {
  const w = new CdrWriter(128);
  operations.write_attributes_4.args.write(w, { values: [writeValueFor(c, v)], cl_ident: ident });
  return Buffer.from(w.view()).toString('hex');
}

function viaTemplate(c: AttributeConfig_5, v: number): string {
  const t = scalarWriteTemplate(c, ident)!;
  const bytes = Buffer.from(t.body);
  t.kind.put(bytes, t.valueOffset, v);
  return bytes.toString('hex');
}

describe('numeric scalar write templates (T-IDL-4)', () => {
  const cases: Array<[number, number[]]> = [
    [CmdArgType.DevDouble, [0, -0, 1.5, -1e308, Number.MAX_VALUE, Infinity, NaN]],
    [CmdArgType.DevFloat, [0, 3.25, -1e38]],
    [CmdArgType.DevLong, [-2147483648, 0, 2147483647]],
    [CmdArgType.DevULong, [0, 4294967295]],
    [CmdArgType.DevShort, [-32768, 32767]],
    [CmdArgType.DevUShort, [0, 65535]],
  ];

  it.each(cases)('type %i: the template with the value stored is byte for byte the general encoding', (type, values) => {
    for (const name of ['x', 'a_longer_attribute_name']) {
      const c = config(name, type);
      for (const v of values) expect(viaTemplate(c, v)).toBe(general(c, v));
    }
  });

  it('exists only for numeric scalars, and takes only values the general path accepts', () => {
    expect(scalarWriteTemplate(config('s', CmdArgType.DevString), ident)).toBeUndefined();
    expect(scalarWriteTemplate(config('b', CmdArgType.DevBoolean), ident)).toBeUndefined();
    expect(scalarWriteTemplate(config('l64', CmdArgType.DevLong64), ident)).toBeUndefined();
    expect(scalarWriteTemplate(config('sp', CmdArgType.DevDouble, 'SPECTRUM'), ident)).toBeUndefined();
    const long = scalarWriteTemplate(config('l', CmdArgType.DevLong), ident)!;
    expect([1, -2147483648, 2147483647].map((v) => fitsTemplate(long, v))).toEqual([true, true, true]);
    expect([1.5, 2147483648, NaN, '1', undefined].map((v) => fitsTemplate(long, v))).toEqual([false, false, false, false, false]);
    const dbl = scalarWriteTemplate(config('d', CmdArgType.DevDouble), ident)!;
    expect([NaN, -Infinity, 1e300].every((v) => fitsTemplate(dbl, v))).toBe(true);
    expect(fitsTemplate(dbl, 1n)).toBe(false);
  });
});
