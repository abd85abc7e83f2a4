import type { CdrReader } from '../cdr/reader.js';
import type { CdrWriter } from '../cdr/writer.js';
import { CdrEncodeError } from '../errors/tango-errors.js';

/** Tango IDL 5 enums (T-IDL-1), as their member names in ordinal order. */
export const DEV_STATE = ['ON', 'OFF', 'CLOSE', 'OPEN', 'INSERT', 'EXTRACT', 'MOVING', 'STANDBY', 'FAULT', 'INIT', 'RUNNING', 'ALARM', 'DISABLE', 'UNKNOWN'] as const;
export const ATTR_QUALITY = ['ATTR_VALID', 'ATTR_INVALID', 'ATTR_ALARM', 'ATTR_CHANGING', 'ATTR_WARNING'] as const;
export const ATTR_WRITE_TYPE = ['READ', 'READ_WITH_WRITE', 'WRITE', 'READ_WRITE', 'WT_UNKNOWN'] as const;
export const ATTR_DATA_FORMAT = ['SCALAR', 'SPECTRUM', 'IMAGE', 'FMT_UNKNOWN'] as const;
export const DEV_SOURCE = ['DEV', 'CACHE', 'CACHE_DEV'] as const;
export const ERR_SEVERITY = ['WARN', 'ERR', 'PANIC'] as const;
export const DISP_LEVEL = ['OPERATOR', 'EXPERT', 'DL_UNKNOWN'] as const;
export const LOCKER_LANGUAGE = ['CPP', 'JAVA'] as const;
export const ATTRIBUTE_DATA_TYPE = [
  'ATT_BOOL',
  'ATT_SHORT',
  'ATT_LONG',
  'ATT_LONG64',
  'ATT_FLOAT',
  'ATT_DOUBLE',
  'ATT_UCHAR',
  'ATT_USHORT',
  'ATT_ULONG',
  'ATT_ULONG64',
  'ATT_STRING',
  'ATT_STATE',
  'DEVICE_STATE',
  'ATT_ENCODED',
  'ATT_NO_DATA',
] as const;

export type DevState = (typeof DEV_STATE)[number];
export type AttrQuality = (typeof ATTR_QUALITY)[number];
export type AttrWriteType = (typeof ATTR_WRITE_TYPE)[number];
export type AttrDataFormat = (typeof ATTR_DATA_FORMAT)[number];
export type DevSource = (typeof DEV_SOURCE)[number];
export type ErrSeverity = (typeof ERR_SEVERITY)[number];
export type DispLevel = (typeof DISP_LEVEL)[number];
export type LockerLanguage = (typeof LOCKER_LANGUAGE)[number];
export type AttributeDataType = (typeof ATTRIBUTE_DATA_TYPE)[number];

/** CmdArgType codes (a `long` on the wire in DevCmdInfo and `data_type`). */
export const CmdArgType = {
  DevVoid: 0,
  DevBoolean: 1,
  DevShort: 2,
  DevLong: 3,
  DevFloat: 4,
  DevDouble: 5,
  DevUShort: 6,
  DevULong: 7,
  DevString: 8,
  DevVarCharArray: 9,
  DevVarShortArray: 10,
  DevVarLongArray: 11,
  DevVarFloatArray: 12,
  DevVarDoubleArray: 13,
  DevVarUShortArray: 14,
  DevVarULongArray: 15,
  DevVarStringArray: 16,
  DevVarLongStringArray: 17,
  DevVarDoubleStringArray: 18,
  DevState: 19,
  ConstDevString: 20,
  DevVarBooleanArray: 21,
  DevUChar: 22,
  DevLong64: 23,
  DevULong64: 24,
  DevVarLong64Array: 25,
  DevVarULong64Array: 26,
  DevInt: 27,
  DevEncoded: 28,
  DevEnum: 29,
  DevPipeBlob: 30,
  DevVarStateArray: 31,
} as const;
export type CmdArgTypeName = keyof typeof CmdArgType;

const cmdArgTypeNames = new Map<number, CmdArgTypeName>(Object.entries(CmdArgType).map(([k, v]) => [v, k as CmdArgTypeName]));

/** `DevDouble` for 5; `Unknown(<n>)` for codes outside the table (100 = unknown in cppTango). */
export function cmdArgTypeName(code: number): string {
  return cmdArgTypeNames.get(code) ?? `Unknown(${code})`;
}

export function readEnum<T extends string>(r: CdrReader, names: readonly T[], what: string): T {
  return names[r.enumValue(names.length, what)]!;
}

export function writeEnum<T extends string>(w: CdrWriter, names: readonly T[], value: T, what: string): void {
  const i = names.indexOf(value);
  if (i < 0) throw new CdrEncodeError(`invalid ${what} ${String(value)}`);
  w.ulong(i);
}
