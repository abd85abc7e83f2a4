import { describe, expect, it } from 'vitest';
import { CdrReader } from '../cdr/reader.js';
import { CdrWriter } from '../cdr/writer.js';
import { readAttributeConfig, writeAttributeConfig, type AttributeConfig_5, type AttributeConfigVersion } from './structs.js';

const config: AttributeConfig_5 = {
  name: 'current',
  writable: 'READ_WRITE',
  data_format: 'SCALAR',
  data_type: 5,
  memorized: true,
  mem_init: true,
  max_dim_x: 1,
  max_dim_y: 0,
  description: 'd',
  label: 'Current',
  unit: 'A',
  standard_unit: '1',
  display_unit: '1',
  format: '%6.2f',
  min_value: '0',
  max_value: '10',
  writable_attr_name: 'current',
  level: 'EXPERT',
  root_attr_name: 'r',
  enum_labels: ['x'],
  att_alarm: { min_alarm: '-1', max_alarm: '9', min_warning: '1', max_warning: '8', delta_t: '', delta_val: '', extensions: [] },
  event_prop: { ch_event: { rel_change: '', abs_change: '0.1', extensions: [] }, per_event: { period: '1000', extensions: [] }, arch_event: { rel_change: '', abs_change: '', period: '', extensions: [] } },
  extensions: ['e'],
  sys_extensions: ['s'],
};

function roundTrip(version: AttributeConfigVersion): AttributeConfig_5 {
  const w = new CdrWriter();
  w.octet(7); // an odd start: alignment must follow the stream origin
  writeAttributeConfig(w, config, version);
  const r = new CdrReader(Buffer.from(w.toBuffer()), true, 1, 0);
  const back = readAttributeConfig(r, version);
  expect(r.remaining).toBe(0); // consumes exactly its bytes
  return back;
}

describe('AttributeConfig versions 1/2/3/5 (client side of older servers)', () => {
  it('version 5 round-trips everything', () => {
    expect(roundTrip(5)).toEqual(config);
  });

  it('version 3 keeps the alarm and event structs, defaults what it lacks', () => {
    expect(roundTrip(3)).toEqual({ ...config, memorized: false, mem_init: false, root_attr_name: '', enum_labels: [] });
  });

  it.each([1, 2] as const)('version %i keeps the two alarm limits (and the level in 2)', (version) => {
    const back = roundTrip(version);
    expect(back).toMatchObject({ name: 'current', unit: 'A', max_value: '10', writable_attr_name: 'current', extensions: ['e'], sys_extensions: [] });
    expect(back.att_alarm).toMatchObject({ min_alarm: '-1', max_alarm: '9', min_warning: '' });
    expect(back.level).toBe(version === 2 ? 'EXPERT' : 'OPERATOR');
    expect(back.event_prop.ch_event.abs_change).toBe('');
  });
});
