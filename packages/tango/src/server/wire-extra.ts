import type { CdrWriter } from '../cdr/writer.js';
import { ATTR_DATA_FORMAT, ATTR_WRITE_TYPE, DISP_LEVEL, writeEnum } from '../idl/enums.js';
import type { AttributeConfig_5 } from '../idl/structs.js';

// Older AttributeConfig versions a Device_5 still answers (get_attribute_config, _2, _3): PyTango's
// attribute_list_query and itango use `get_attribute_config_3("All attributes_3")`. The IDL layer only has
// version 5, so the server writes these itself from the version 5 config.

function head(w: CdrWriter, c: AttributeConfig_5): void {
  w.string(c.name);
  writeEnum(w, ATTR_WRITE_TYPE, c.writable, 'AttrWriteType');
  writeEnum(w, ATTR_DATA_FORMAT, c.data_format, 'AttrDataFormat');
  w.long(c.data_type);
  w.long(c.max_dim_x);
  w.long(c.max_dim_y);
  w.string(c.description);
  w.string(c.label);
  w.string(c.unit);
  w.string(c.standard_unit);
  w.string(c.display_unit);
  w.string(c.format);
  w.string(c.min_value);
  w.string(c.max_value);
}

/** AttributeConfig (IDL 1): … min_value, max_value, min_alarm, max_alarm, writable_attr_name, extensions. */
export function writeAttributeConfig1(w: CdrWriter, c: AttributeConfig_5): void {
  head(w, c);
  w.string(c.att_alarm.min_alarm);
  w.string(c.att_alarm.max_alarm);
  w.string(c.writable_attr_name);
  w.stringSeq(c.extensions);
}

/** AttributeConfig_2: as version 1 with `level` before the extensions. */
export function writeAttributeConfig2(w: CdrWriter, c: AttributeConfig_5): void {
  head(w, c);
  w.string(c.att_alarm.min_alarm);
  w.string(c.att_alarm.max_alarm);
  w.string(c.writable_attr_name);
  writeEnum(w, DISP_LEVEL, c.level, 'DispLevel');
  w.stringSeq(c.extensions);
}

/** AttributeConfig_3: alarms and event properties as structs, extensions and sys_extensions. */
export function writeAttributeConfig3(w: CdrWriter, c: AttributeConfig_5): void {
  head(w, c);
  w.string(c.writable_attr_name);
  writeEnum(w, DISP_LEVEL, c.level, 'DispLevel');
  const a = c.att_alarm;
  for (const s of [a.min_alarm, a.max_alarm, a.min_warning, a.max_warning, a.delta_t, a.delta_val]) w.string(s);
  w.stringSeq(a.extensions);
  const e = c.event_prop;
  w.string(e.ch_event.rel_change);
  w.string(e.ch_event.abs_change);
  w.stringSeq(e.ch_event.extensions);
  w.string(e.per_event.period);
  w.stringSeq(e.per_event.extensions);
  w.string(e.arch_event.rel_change);
  w.string(e.arch_event.abs_change);
  w.string(e.arch_event.period);
  w.stringSeq(e.arch_event.extensions);
  w.stringSeq(c.extensions);
  w.stringSeq(c.sys_extensions);
}

/** Operations of older IDL versions the servant answers beyond the IDL layer's table. */
export const LEGACY_CONFIG_OPERATIONS: Record<string, (w: CdrWriter, c: AttributeConfig_5) => void> = {
  get_attribute_config: writeAttributeConfig1,
  get_attribute_config_2: writeAttributeConfig2,
  get_attribute_config_3: writeAttributeConfig3,
};
