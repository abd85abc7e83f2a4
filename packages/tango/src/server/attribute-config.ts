import type { AttributeConfig_5 } from '../idl/structs.js';
import { DeviceError } from './device-error.js';
import type { AttrDataFormatName, AttrWriteTypeName, AttributeTypeName } from './tango-types.js';
import { NOT_SPECIFIED, SCALAR_TYPES } from './tango-types.js';

/** AttributeConfig_5 as the server keeps it (the IDL layer's struct, T-IDL-2). */
export type AttrConfig = AttributeConfig_5;

/** The user-settable properties of an attribute declaration (all optional; cppTango defaults apply). */
export interface AttrConfigOptions {
  description?: string;
  label?: string;
  unit?: string;
  standardUnit?: string;
  displayUnit?: string;
  /** printf-like display format (`%6.2f`). */
  displayFormat?: string;
  minValue?: number | bigint;
  maxValue?: number | bigint;
  minAlarm?: number | bigint;
  maxAlarm?: number | bigint;
  minWarning?: number | bigint;
  maxWarning?: number | bigint;
  deltaT?: number;
  deltaVal?: number;
  /** Change event thresholds: absolute and relative (%) change. */
  absChange?: number;
  relChange?: number;
  /** Periodic event period, ms (cppTango default 1000). */
  period?: number;
  archiveAbsChange?: number;
  archiveRelChange?: number;
  archivePeriod?: number;
  enumLabels?: readonly string[];
  memorized?: boolean;
  level?: 'OPERATOR' | 'EXPERT';
}

const str = (v: number | bigint | undefined): string => (v === undefined ? NOT_SPECIFIED : String(v));

function defaultFormat(type: AttributeTypeName): string {
  switch (type) {
    case 'DevFloat':
    case 'DevDouble':
      return '%6.2f';
    case 'DevString':
      return '%s';
    case 'DevBoolean':
    case 'DevState':
    case 'DevEncoded':
      return NOT_SPECIFIED;
    default:
      return '%d';
  }
}

export interface AttrShape {
  name: string;
  type: AttributeTypeName;
  format: AttrDataFormatName;
  access: AttrWriteTypeName;
  maxDimX: number;
  maxDimY: number;
  writableAttrName?: string;
}

/** Builds the initial AttributeConfig_5 with cppTango's defaults for what the declaration leaves out. */
export function buildConfig(shape: AttrShape, o: AttrConfigOptions): AttrConfig {
  const writable = shape.access === 'WRITE' || shape.access === 'READ_WRITE';
  return {
    name: shape.name,
    writable: shape.access,
    data_format: shape.format,
    data_type: SCALAR_TYPES[shape.type],
    memorized: o.memorized ?? false,
    mem_init: writable,
    max_dim_x: shape.maxDimX,
    max_dim_y: shape.maxDimY,
    description: o.description ?? 'No description',
    label: o.label ?? shape.name,
    unit: o.unit ?? '',
    standard_unit: o.standardUnit ?? 'No standard unit',
    display_unit: o.displayUnit ?? 'No display unit',
    format: o.displayFormat ?? defaultFormat(shape.type),
    min_value: str(o.minValue),
    max_value: str(o.maxValue),
    writable_attr_name: shape.access === 'READ_WRITE' ? shape.name : shape.access === 'READ_WITH_WRITE' ? (shape.writableAttrName ?? 'None') : 'None',
    level: o.level ?? 'OPERATOR',
    root_attr_name: NOT_SPECIFIED,
    enum_labels: [...(o.enumLabels ?? [])],
    att_alarm: {
      min_alarm: str(o.minAlarm),
      max_alarm: str(o.maxAlarm),
      min_warning: str(o.minWarning),
      max_warning: str(o.maxWarning),
      delta_t: str(o.deltaT),
      delta_val: str(o.deltaVal),
      extensions: [],
    },
    event_prop: {
      ch_event: { rel_change: str(o.relChange), abs_change: str(o.absChange), extensions: [] },
      per_event: { period: String(o.period ?? 1000), extensions: [] },
      arch_event: { rel_change: str(o.archiveRelChange), abs_change: str(o.archiveAbsChange), period: str(o.archivePeriod), extensions: [] },
    },
    extensions: [],
    sys_extensions: [],
  };
}

/** Parses a numeric config string; undefined when not set. */
export function configNumber(s: string): number | undefined {
  if (s === NOT_SPECIFIED || s === '' || s === 'NaN') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Change thresholds as cppTango reads them: `"x"` means ±|x|, `"a,b"` means below -|a| or above |b|.
 * Returns undefined when not set.
 */
export function changeThreshold(s: string): { down: number; up: number } | undefined {
  if (s === NOT_SPECIFIED || s.trim() === '') return undefined;
  const parts = s.split(',').map((p) => Number(p.trim()));
  if (parts.some((n) => !Number.isFinite(n))) return undefined;
  const [a, b] = parts;
  if (a === undefined) return undefined;
  return { down: Math.abs(a), up: Math.abs(b ?? a) };
}

/** Config fields a client may change through set_attribute_config (the rest is fixed by the declaration). */
const SETTABLE = ['description', 'label', 'unit', 'standard_unit', 'display_unit', 'format', 'min_value', 'max_value'] as const;
const NUMERIC_FIELDS = new Set(['min_value', 'max_value']);

function checkNumeric(attr: string, field: string, value: string): void {
  if (value === NOT_SPECIFIED || value === '') return;
  if (!Number.isFinite(Number(value))) {
    throw new DeviceError('API_IncompatibleAttrDataType', `attribute ${attr}: ${field} ${JSON.stringify(value)} is not a number`, 'Attribute::set_properties');
  }
}

/** Normalises the strings clients send to reset a value ("" / "NaN" / "Not specified"). */
function reset(value: string, fallback: string): string {
  return value === '' || value === 'NaN' || value === 'Not specified' ? fallback : value;
}

/**
 * Applies a client's AttributeConfig_5 to the current one: only the settable fields change, numeric ones
 * are checked. Returns the new config and the names of changed fields.
 */
export function applyConfig(current: AttrConfig, wanted: AttrConfig, defaults: AttrConfig): { config: AttrConfig; changed: string[] } {
  const next: AttrConfig = structuredClone(current);
  const changed: string[] = [];
  const attr = current.name;
  for (const field of SETTABLE) {
    const v = reset(wanted[field], defaults[field]);
    if (NUMERIC_FIELDS.has(field)) checkNumeric(attr, field, v);
    if (v !== next[field]) {
      next[field] = v;
      changed.push(field);
    }
  }
  const alarmFields = ['min_alarm', 'max_alarm', 'min_warning', 'max_warning', 'delta_t', 'delta_val'] as const;
  for (const field of alarmFields) {
    const v = reset(wanted.att_alarm[field], defaults.att_alarm[field]);
    checkNumeric(attr, field, v);
    if (v !== next.att_alarm[field]) {
      next.att_alarm[field] = v;
      changed.push(field);
    }
  }
  const setEvent = <K extends string>(target: Record<K, string>, source: Record<K, string>, def: Record<K, string>, fields: readonly K[], prefix: string) => {
    for (const field of fields) {
      const v = reset(source[field], def[field]);
      if (v !== NOT_SPECIFIED && changeThreshold(v) === undefined) {
        throw new DeviceError('API_IncompatibleAttrDataType', `attribute ${attr}: ${prefix}${field} ${JSON.stringify(v)} is not a number`, 'Attribute::set_properties');
      }
      if (v !== target[field]) {
        target[field] = v;
        changed.push(`${prefix}${field}`);
      }
    }
  };
  setEvent(next.event_prop.ch_event, wanted.event_prop.ch_event, defaults.event_prop.ch_event, ['rel_change', 'abs_change'], '');
  setEvent(next.event_prop.per_event, wanted.event_prop.per_event, defaults.event_prop.per_event, ['period'], 'event_');
  setEvent(next.event_prop.arch_event, wanted.event_prop.arch_event, defaults.event_prop.arch_event, ['rel_change', 'abs_change', 'period'], 'archive_');
  if (current.data_type === SCALAR_TYPES.DevEnum && wanted.enum_labels.length > 0) {
    if (wanted.enum_labels.length !== current.enum_labels.length) {
      throw new DeviceError('API_NotSupportedFeature', `attribute ${attr}: the number of enum labels cannot change`, 'Attribute::set_properties');
    }
    if (wanted.enum_labels.some((l, i) => l !== next.enum_labels[i])) {
      next.enum_labels = [...wanted.enum_labels];
      changed.push('enum_labels');
    }
  }
  return { config: next, changed };
}

/**
 * Database property names for config fields (what cppTango stores with DbPutDeviceAttributeProperty2, and
 * reads back at start).
 */
export const CONFIG_PROPERTY_NAMES: Record<string, (c: AttrConfig) => string> = {
  description: (c) => c.description,
  label: (c) => c.label,
  unit: (c) => c.unit,
  standard_unit: (c) => c.standard_unit,
  display_unit: (c) => c.display_unit,
  format: (c) => c.format,
  min_value: (c) => c.min_value,
  max_value: (c) => c.max_value,
  min_alarm: (c) => c.att_alarm.min_alarm,
  max_alarm: (c) => c.att_alarm.max_alarm,
  min_warning: (c) => c.att_alarm.min_warning,
  max_warning: (c) => c.att_alarm.max_warning,
  delta_t: (c) => c.att_alarm.delta_t,
  delta_val: (c) => c.att_alarm.delta_val,
  rel_change: (c) => c.event_prop.ch_event.rel_change,
  abs_change: (c) => c.event_prop.ch_event.abs_change,
  event_period: (c) => c.event_prop.per_event.period,
  archive_rel_change: (c) => c.event_prop.arch_event.rel_change,
  archive_abs_change: (c) => c.event_prop.arch_event.abs_change,
  archive_period: (c) => c.event_prop.arch_event.period,
  enum_labels: (c) => c.enum_labels.join(','),
};

/** Applies properties read from the database (name → values) onto a config, ignoring unknown names. */
export function configFromProperties(base: AttrConfig, props: ReadonlyArray<{ name: string; values: string[] }>): AttrConfig {
  const c: AttrConfig = structuredClone(base);
  for (const { name, values } of props) {
    const v = values.join(',');
    switch (name.toLowerCase()) {
      case 'description':
      case 'label':
      case 'unit':
      case 'standard_unit':
      case 'display_unit':
      case 'format':
      case 'min_value':
      case 'max_value':
        c[name.toLowerCase() as 'label'] = v;
        break;
      case 'min_alarm':
      case 'max_alarm':
      case 'min_warning':
      case 'max_warning':
      case 'delta_t':
      case 'delta_val':
        c.att_alarm[name.toLowerCase() as 'min_alarm'] = v;
        break;
      case 'rel_change':
      case 'abs_change':
        c.event_prop.ch_event[name.toLowerCase() as 'rel_change'] = v;
        break;
      case 'event_period':
        c.event_prop.per_event.period = v;
        break;
      case 'archive_rel_change':
        c.event_prop.arch_event.rel_change = v;
        break;
      case 'archive_abs_change':
        c.event_prop.arch_event.abs_change = v;
        break;
      case 'archive_period':
        c.event_prop.arch_event.period = v;
        break;
      case 'enum_labels':
        if (values.length === c.enum_labels.length) c.enum_labels = [...values];
        break;
      default:
        break;
    }
  }
  return c;
}
