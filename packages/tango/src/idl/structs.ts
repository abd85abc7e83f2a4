import type { CdrReader } from '../cdr/reader.js';
import type { CdrWriter } from '../cdr/writer.js';
import { CdrEncodeError } from '../errors/tango-errors.js';
import type { DevError, NamedDevError } from '../errors/tango-errors.js';
import {
  ATTRIBUTE_DATA_TYPE,
  ATTR_DATA_FORMAT,
  ATTR_QUALITY,
  ATTR_WRITE_TYPE,
  DEV_STATE,
  DISP_LEVEL,
  ERR_SEVERITY,
  readEnum,
  writeEnum,
  type AttrDataFormat,
  type AttrQuality,
  type AttrWriteType,
  type DevState,
  type DispLevel,
} from './enums.js';

// Wire structs mirror the Tango IDL 5 field names (T-IDL-2) so they read like the IDL and the
// golden vectors; the client API (DeviceProxy) presents friendlier shapes on top.

export type { DevError, NamedDevError };

export interface TimeVal {
  tv_sec: number;
  tv_usec: number;
  tv_nsec: number;
}

export function readTimeVal(r: CdrReader): TimeVal {
  return { tv_sec: r.long(), tv_usec: r.long(), tv_nsec: r.long() };
}
export function writeTimeVal(w: CdrWriter, t: TimeVal): void {
  w.long(t.tv_sec);
  w.long(t.tv_usec);
  w.long(t.tv_nsec);
}
export function timeValNow(): TimeVal {
  const ms = Date.now();
  return { tv_sec: Math.floor(ms / 1000), tv_usec: (ms % 1000) * 1000, tv_nsec: 0 };
}

export function readDevError(r: CdrReader): DevError {
  return { reason: r.string(), severity: readEnum(r, ERR_SEVERITY, 'ErrSeverity'), desc: r.string(), origin: r.string() };
}
export function writeDevError(w: CdrWriter, e: DevError): void {
  w.string(e.reason);
  writeEnum(w, ERR_SEVERITY, e.severity, 'ErrSeverity');
  w.string(e.desc);
  w.string(e.origin);
}
export function readDevErrorList(r: CdrReader): DevError[] {
  return r.sequence(20, readDevError);
}
export function writeDevErrorList(w: CdrWriter, list: readonly DevError[]): void {
  w.sequence(list, writeDevError);
}
export function readNamedDevError(r: CdrReader): NamedDevError {
  return { name: r.string(), index_in_call: r.long(), err_list: readDevErrorList(r) };
}
export function writeNamedDevError(w: CdrWriter, e: NamedDevError): void {
  w.string(e.name);
  w.long(e.index_in_call);
  writeDevErrorList(w, e.err_list);
}

export const DEV_FAILED_ID = 'IDL:Tango/DevFailed:1.0';
export const MULTI_DEV_FAILED_ID = 'IDL:Tango/MultiDevFailed:1.0';

/** A user exception body (after the reply header): repository id, then the members. */
export type TangoUserException = { repositoryId: typeof DEV_FAILED_ID; errors: DevError[] } | { repositoryId: typeof MULTI_DEV_FAILED_ID; errors: NamedDevError[] } | { repositoryId: string; errors?: undefined };

export function readUserException(r: CdrReader): TangoUserException {
  const repositoryId = r.string();
  if (repositoryId === DEV_FAILED_ID) return { repositoryId, errors: readDevErrorList(r) };
  if (repositoryId === MULTI_DEV_FAILED_ID) return { repositoryId, errors: r.sequence(12, readNamedDevError) };
  // Unknown exception: its members cannot be decoded; skip them.
  r.pos = r.end;
  return { repositoryId };
}
export function writeDevFailed(w: CdrWriter, errors: readonly DevError[]): void {
  w.string(DEV_FAILED_ID);
  writeDevErrorList(w, errors);
}
export function writeMultiDevFailed(w: CdrWriter, errors: readonly NamedDevError[]): void {
  w.string(MULTI_DEV_FAILED_ID);
  w.sequence(errors, writeNamedDevError);
}

/** ClntIdent union: CPP → client pid; JAVA → main class + uuid. */
export type ClntIdent = { CPP: number } | { JAVA: { MainClass: string; uuid: [bigint, bigint] } };

export function readClntIdent(r: CdrReader): ClntIdent {
  const lang = r.enumValue(2, 'LockerLanguage');
  if (lang === 0) return { CPP: r.ulong() };
  return { JAVA: { MainClass: r.string(), uuid: [r.ulonglong(), r.ulonglong()] } };
}
export function writeClntIdent(w: CdrWriter, c: ClntIdent): void {
  if ('CPP' in c) {
    w.ulong(0);
    w.ulong(c.CPP);
  } else {
    w.ulong(1);
    w.string(c.JAVA.MainClass);
    w.ulonglong(c.JAVA.uuid[0]);
    w.ulonglong(c.JAVA.uuid[1]);
  }
}

export interface DevInfo {
  dev_class: string;
  server_id: string;
  server_host: string;
  server_version: number;
  doc_url: string;
}
export interface DevInfo_3 extends DevInfo {
  dev_type: string;
}
export function readDevInfo(r: CdrReader): DevInfo {
  return { dev_class: r.string(), server_id: r.string(), server_host: r.string(), server_version: r.long(), doc_url: r.string() };
}
export function writeDevInfo(w: CdrWriter, i: DevInfo): void {
  w.string(i.dev_class);
  w.string(i.server_id);
  w.string(i.server_host);
  w.long(i.server_version);
  w.string(i.doc_url);
}
export function readDevInfo3(r: CdrReader): DevInfo_3 {
  return { ...readDevInfo(r), dev_type: r.string() };
}
export function writeDevInfo3(w: CdrWriter, i: DevInfo_3): void {
  writeDevInfo(w, i);
  w.string(i.dev_type);
}

export interface DevCmdInfo {
  cmd_name: string;
  cmd_tag: number;
  in_type: number;
  out_type: number;
  in_type_desc: string;
  out_type_desc: string;
}
export interface DevCmdInfo_2 extends DevCmdInfo {
  level: DispLevel;
}
export function readDevCmdInfo(r: CdrReader): DevCmdInfo {
  return { cmd_name: r.string(), cmd_tag: r.long(), in_type: r.long(), out_type: r.long(), in_type_desc: r.string(), out_type_desc: r.string() };
}
export function writeDevCmdInfo(w: CdrWriter, c: DevCmdInfo): void {
  w.string(c.cmd_name);
  w.long(c.cmd_tag);
  w.long(c.in_type);
  w.long(c.out_type);
  w.string(c.in_type_desc);
  w.string(c.out_type_desc);
}
export function readDevCmdInfo2(r: CdrReader): DevCmdInfo_2 {
  const cmd_name = r.string();
  const level = readEnum(r, DISP_LEVEL, 'DispLevel');
  return { cmd_name, level, cmd_tag: r.long(), in_type: r.long(), out_type: r.long(), in_type_desc: r.string(), out_type_desc: r.string() };
}
export function writeDevCmdInfo2(w: CdrWriter, c: DevCmdInfo_2): void {
  w.string(c.cmd_name);
  writeEnum(w, DISP_LEVEL, c.level, 'DispLevel');
  w.long(c.cmd_tag);
  w.long(c.in_type);
  w.long(c.out_type);
  w.string(c.in_type_desc);
  w.string(c.out_type_desc);
}

export interface AttributeDim {
  dim_x: number;
  dim_y: number;
}
function readDim(r: CdrReader): AttributeDim {
  return { dim_x: r.long(), dim_y: r.long() };
}
function writeDim(w: CdrWriter, d: AttributeDim): void {
  w.long(d.dim_x);
  w.long(d.dim_y);
}

export interface DevEncoded {
  encoded_format: string;
  encoded_data: Uint8Array;
}
export function readDevEncoded(r: CdrReader): DevEncoded {
  return { encoded_format: r.string(), encoded_data: r.octetSeq() };
}
export function writeDevEncoded(w: CdrWriter, e: DevEncoded): void {
  w.string(e.encoded_format);
  w.octetSeq(e.encoded_data);
}

/** AttrValUnion (T-IDL-2): the discriminant name and the matching sequence. */
export type AttrValUnion =
  | { type: 'ATT_BOOL'; value: boolean[] }
  | { type: 'ATT_SHORT'; value: Int16Array }
  | { type: 'ATT_LONG'; value: Int32Array }
  | { type: 'ATT_LONG64'; value: BigInt64Array }
  | { type: 'ATT_FLOAT'; value: Float32Array }
  | { type: 'ATT_DOUBLE'; value: Float64Array }
  | { type: 'ATT_UCHAR'; value: Uint8Array }
  | { type: 'ATT_USHORT'; value: Uint16Array }
  | { type: 'ATT_ULONG'; value: Uint32Array }
  | { type: 'ATT_ULONG64'; value: BigUint64Array }
  | { type: 'ATT_STRING'; value: string[] }
  | { type: 'ATT_STATE'; value: DevState[] }
  | { type: 'DEVICE_STATE'; value: DevState }
  | { type: 'ATT_ENCODED'; value: DevEncoded[] }
  | { type: 'ATT_NO_DATA'; value: boolean };

export function readAttrValUnion(r: CdrReader): AttrValUnion {
  const type = readEnum(r, ATTRIBUTE_DATA_TYPE, 'AttributeDataType');
  switch (type) {
    case 'ATT_BOOL':
      return { type, value: r.booleanSeq() };
    case 'ATT_SHORT':
      return { type, value: r.shortSeq() };
    case 'ATT_LONG':
      return { type, value: r.longSeq() };
    case 'ATT_LONG64':
      return { type, value: r.longlongSeq() };
    case 'ATT_FLOAT':
      return { type, value: r.floatSeq() };
    case 'ATT_DOUBLE':
      return { type, value: r.doubleSeq() };
    case 'ATT_UCHAR':
      return { type, value: r.octetSeq() };
    case 'ATT_USHORT':
      return { type, value: r.ushortSeq() };
    case 'ATT_ULONG':
      return { type, value: r.ulongSeq() };
    case 'ATT_ULONG64':
      return { type, value: r.ulonglongSeq() };
    case 'ATT_STRING':
      return { type, value: r.stringSeq() };
    case 'ATT_STATE':
      return { type, value: r.sequence(4, (x) => readEnum(x, DEV_STATE, 'DevState')) };
    case 'DEVICE_STATE':
      return { type, value: readEnum(r, DEV_STATE, 'DevState') };
    case 'ATT_ENCODED':
      return { type, value: r.sequence(9, readDevEncoded) };
    case 'ATT_NO_DATA':
      return { type, value: r.boolean() };
  }
}

export function writeAttrValUnion(w: CdrWriter, u: AttrValUnion): void {
  writeEnum(w, ATTRIBUTE_DATA_TYPE, u.type, 'AttributeDataType');
  switch (u.type) {
    case 'ATT_BOOL':
      return w.booleanSeq(u.value);
    case 'ATT_SHORT':
      return w.shortSeq(u.value);
    case 'ATT_LONG':
      return w.longSeq(u.value);
    case 'ATT_LONG64':
      return w.longlongSeq(u.value);
    case 'ATT_FLOAT':
      return w.floatSeq(u.value);
    case 'ATT_DOUBLE':
      return w.doubleSeq(u.value);
    case 'ATT_UCHAR':
      return w.octetSeq(u.value);
    case 'ATT_USHORT':
      return w.ushortSeq(u.value);
    case 'ATT_ULONG':
      return w.ulongSeq(u.value);
    case 'ATT_ULONG64':
      return w.ulonglongSeq(u.value);
    case 'ATT_STRING':
      return w.stringSeq(u.value);
    case 'ATT_STATE':
      return w.sequence(u.value, (x, s) => writeEnum(x, DEV_STATE, s, 'DevState'));
    case 'DEVICE_STATE':
      return writeEnum(w, DEV_STATE, u.value, 'DevState');
    case 'ATT_ENCODED':
      return w.sequence(u.value, writeDevEncoded);
    case 'ATT_NO_DATA':
      return w.boolean(u.value);
    default:
      throw new CdrEncodeError(`invalid AttrValUnion type ${String((u as { type: unknown }).type)}`);
  }
}

export interface AttributeValue_4 {
  value: AttrValUnion;
  quality: AttrQuality;
  data_format: AttrDataFormat;
  time: TimeVal;
  name: string;
  r_dim: AttributeDim;
  w_dim: AttributeDim;
  err_list: DevError[];
}
export interface AttributeValue_5 extends AttributeValue_4 {
  /** CmdArgType code. */
  data_type: number;
}

export function readAttributeValue4(r: CdrReader): AttributeValue_4 {
  const value = readAttrValUnion(r);
  const quality = readEnum(r, ATTR_QUALITY, 'AttrQuality');
  const data_format = readEnum(r, ATTR_DATA_FORMAT, 'AttrDataFormat');
  return { value, quality, data_format, time: readTimeVal(r), name: r.string(), r_dim: readDim(r), w_dim: readDim(r), err_list: readDevErrorList(r) };
}
export function writeAttributeValue4(w: CdrWriter, v: AttributeValue_4): void {
  writeAttrValUnion(w, v.value);
  writeEnum(w, ATTR_QUALITY, v.quality, 'AttrQuality');
  writeEnum(w, ATTR_DATA_FORMAT, v.data_format, 'AttrDataFormat');
  writeTimeVal(w, v.time);
  w.string(v.name);
  writeDim(w, v.r_dim);
  writeDim(w, v.w_dim);
  writeDevErrorList(w, v.err_list);
}
export function readAttributeValue5(r: CdrReader): AttributeValue_5 {
  const value = readAttrValUnion(r);
  const quality = readEnum(r, ATTR_QUALITY, 'AttrQuality');
  const data_format = readEnum(r, ATTR_DATA_FORMAT, 'AttrDataFormat');
  const data_type = r.long();
  return { value, quality, data_format, data_type, time: readTimeVal(r), name: r.string(), r_dim: readDim(r), w_dim: readDim(r), err_list: readDevErrorList(r) };
}
export function writeAttributeValue5(w: CdrWriter, v: AttributeValue_5): void {
  writeAttrValUnion(w, v.value);
  writeEnum(w, ATTR_QUALITY, v.quality, 'AttrQuality');
  writeEnum(w, ATTR_DATA_FORMAT, v.data_format, 'AttrDataFormat');
  w.long(v.data_type);
  writeTimeVal(w, v.time);
  w.string(v.name);
  writeDim(w, v.r_dim);
  writeDim(w, v.w_dim);
  writeDevErrorList(w, v.err_list);
}

export interface AttributeAlarm {
  min_alarm: string;
  max_alarm: string;
  min_warning: string;
  max_warning: string;
  delta_t: string;
  delta_val: string;
  extensions: string[];
}
export interface ChangeEventProp {
  rel_change: string;
  abs_change: string;
  extensions: string[];
}
export interface PeriodicEventProp {
  period: string;
  extensions: string[];
}
export interface ArchiveEventProp {
  rel_change: string;
  abs_change: string;
  period: string;
  extensions: string[];
}
export interface EventProperties {
  ch_event: ChangeEventProp;
  per_event: PeriodicEventProp;
  arch_event: ArchiveEventProp;
}

export interface AttributeConfig_5 {
  name: string;
  writable: AttrWriteType;
  data_format: AttrDataFormat;
  data_type: number;
  memorized: boolean;
  mem_init: boolean;
  max_dim_x: number;
  max_dim_y: number;
  description: string;
  label: string;
  unit: string;
  standard_unit: string;
  display_unit: string;
  format: string;
  min_value: string;
  max_value: string;
  writable_attr_name: string;
  level: DispLevel;
  root_attr_name: string;
  enum_labels: string[];
  att_alarm: AttributeAlarm;
  event_prop: EventProperties;
  extensions: string[];
  sys_extensions: string[];
}

function readAlarm(r: CdrReader): AttributeAlarm {
  return {
    min_alarm: r.string(),
    max_alarm: r.string(),
    min_warning: r.string(),
    max_warning: r.string(),
    delta_t: r.string(),
    delta_val: r.string(),
    extensions: r.stringSeq(),
  };
}
function writeAlarm(w: CdrWriter, a: AttributeAlarm): void {
  w.string(a.min_alarm);
  w.string(a.max_alarm);
  w.string(a.min_warning);
  w.string(a.max_warning);
  w.string(a.delta_t);
  w.string(a.delta_val);
  w.stringSeq(a.extensions);
}
function readEventProperties(r: CdrReader): EventProperties {
  return {
    ch_event: { rel_change: r.string(), abs_change: r.string(), extensions: r.stringSeq() },
    per_event: { period: r.string(), extensions: r.stringSeq() },
    arch_event: { rel_change: r.string(), abs_change: r.string(), period: r.string(), extensions: r.stringSeq() },
  };
}
function writeEventProperties(w: CdrWriter, e: EventProperties): void {
  w.string(e.ch_event.rel_change);
  w.string(e.ch_event.abs_change);
  w.stringSeq(e.ch_event.extensions);
  w.string(e.per_event.period);
  w.stringSeq(e.per_event.extensions);
  w.string(e.arch_event.rel_change);
  w.string(e.arch_event.abs_change);
  w.string(e.arch_event.period);
  w.stringSeq(e.arch_event.extensions);
}

export function readAttributeConfig5(r: CdrReader): AttributeConfig_5 {
  return {
    name: r.string(),
    writable: readEnum(r, ATTR_WRITE_TYPE, 'AttrWriteType'),
    data_format: readEnum(r, ATTR_DATA_FORMAT, 'AttrDataFormat'),
    data_type: r.long(),
    memorized: r.boolean(),
    mem_init: r.boolean(),
    max_dim_x: r.long(),
    max_dim_y: r.long(),
    description: r.string(),
    label: r.string(),
    unit: r.string(),
    standard_unit: r.string(),
    display_unit: r.string(),
    format: r.string(),
    min_value: r.string(),
    max_value: r.string(),
    writable_attr_name: r.string(),
    level: readEnum(r, DISP_LEVEL, 'DispLevel'),
    root_attr_name: r.string(),
    enum_labels: r.stringSeq(),
    att_alarm: readAlarm(r),
    event_prop: readEventProperties(r),
    extensions: r.stringSeq(),
    sys_extensions: r.stringSeq(),
  };
}

/** AttributeConfig versions a Device_5 answers: 1 (`get_attribute_config`), 2, 3 and 5. */
export type AttributeConfigVersion = 1 | 2 | 3 | 5;

/**
 * Reads an AttributeConfig of `version` (the inverse of `writeAttributeConfig`) into the version 5 shape, so a
 * client can talk to servers older than IDL 5. Fields the version lacks get Tango's defaults.
 */
export function readAttributeConfig(r: CdrReader, version: AttributeConfigVersion): AttributeConfig_5 {
  if (version === 5) return readAttributeConfig5(r);
  const name = r.string();
  const writable = readEnum(r, ATTR_WRITE_TYPE, 'AttrWriteType');
  const data_format = readEnum(r, ATTR_DATA_FORMAT, 'AttrDataFormat');
  const data_type = r.long();
  const max_dim_x = r.long();
  const max_dim_y = r.long();
  const [description, label, unit, standard_unit, display_unit, format, min_value, max_value] = Array.from({ length: 8 }, () => r.string());
  const base = { name, writable, data_format, data_type, memorized: false, mem_init: false, max_dim_x, max_dim_y, description: description!, label: label!, unit: unit!, standard_unit: standard_unit!, display_unit: display_unit!, format: format!, min_value: min_value!, max_value: max_value!, root_attr_name: '', enum_labels: [] as string[] };
  const noEvents: EventProperties = { ch_event: { rel_change: '', abs_change: '', extensions: [] }, per_event: { period: '', extensions: [] }, arch_event: { rel_change: '', abs_change: '', period: '', extensions: [] } };
  if (version < 3) {
    const min_alarm = r.string();
    const max_alarm = r.string();
    const writable_attr_name = r.string();
    const level = version === 2 ? readEnum(r, DISP_LEVEL, 'DispLevel') : 'OPERATOR';
    const extensions = r.stringSeq();
    const att_alarm: AttributeAlarm = { min_alarm, max_alarm, min_warning: '', max_warning: '', delta_t: '', delta_val: '', extensions: [] };
    return { ...base, writable_attr_name, level, att_alarm, event_prop: noEvents, extensions, sys_extensions: [] };
  }
  const writable_attr_name = r.string();
  const level = readEnum(r, DISP_LEVEL, 'DispLevel');
  const att_alarm = readAlarm(r);
  const event_prop = readEventProperties(r);
  const extensions = r.stringSeq();
  const sys_extensions = r.stringSeq();
  return { ...base, writable_attr_name, level, att_alarm, event_prop, extensions, sys_extensions };
}

/**
 * Writes the AttributeConfig of `version` from a version 5 config. Versions 1 and 2 carry the alarm limits as
 * two strings (2 adds `level`); 3 has the alarm and event property structs; 5 adds memorized/mem_init,
 * root_attr_name and enum_labels.
 */
export function writeAttributeConfig(w: CdrWriter, c: AttributeConfig_5, version: AttributeConfigVersion): void {
  w.string(c.name);
  writeEnum(w, ATTR_WRITE_TYPE, c.writable, 'AttrWriteType');
  writeEnum(w, ATTR_DATA_FORMAT, c.data_format, 'AttrDataFormat');
  w.long(c.data_type);
  if (version === 5) {
    w.boolean(c.memorized);
    w.boolean(c.mem_init);
  }
  w.long(c.max_dim_x);
  w.long(c.max_dim_y);
  for (const s of [c.description, c.label, c.unit, c.standard_unit, c.display_unit, c.format, c.min_value, c.max_value]) w.string(s);
  if (version < 3) {
    w.string(c.att_alarm.min_alarm);
    w.string(c.att_alarm.max_alarm);
    w.string(c.writable_attr_name);
    if (version === 2) writeEnum(w, DISP_LEVEL, c.level, 'DispLevel');
    w.stringSeq(c.extensions);
    return;
  }
  w.string(c.writable_attr_name);
  writeEnum(w, DISP_LEVEL, c.level, 'DispLevel');
  if (version === 5) {
    w.string(c.root_attr_name);
    w.stringSeq(c.enum_labels);
  }
  writeAlarm(w, c.att_alarm);
  writeEventProperties(w, c.event_prop);
  w.stringSeq(c.extensions);
  w.stringSeq(c.sys_extensions);
}
export function writeAttributeConfig5(w: CdrWriter, c: AttributeConfig_5): void {
  writeAttributeConfig(w, c, 5);
}

export interface DevVarLongStringArray {
  lvalue: Int32Array;
  svalue: string[];
}
export interface DevVarDoubleStringArray {
  dvalue: Float64Array;
  svalue: string[];
}
