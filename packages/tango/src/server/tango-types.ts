import type { DevEncoded } from '../idl/structs.js';

/** Tango data types as device classes declare them, with their CmdArgType codes (spec §5.1). */
export const SCALAR_TYPES = {
  DevVoid: 0,
  DevBoolean: 1,
  DevShort: 2,
  DevLong: 3,
  DevFloat: 4,
  DevDouble: 5,
  DevUShort: 6,
  DevULong: 7,
  DevString: 8,
  DevState: 19,
  DevUChar: 22,
  DevLong64: 23,
  DevULong64: 24,
  DevEncoded: 28,
  DevEnum: 29,
} as const;

export const ARRAY_TYPES = {
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
  DevVarBooleanArray: 21,
  DevVarLong64Array: 25,
  DevVarULong64Array: 26,
} as const;

export type ScalarTypeName = keyof typeof SCALAR_TYPES;
export type ArrayTypeName = keyof typeof ARRAY_TYPES;
/** Any type a command argument can have. */
export type CommandTypeName = ScalarTypeName | ArrayTypeName;
/** Types an attribute can have (one element of a scalar/spectrum/image). */
export type AttributeTypeName = Exclude<ScalarTypeName, 'DevVoid'>;

export const TYPE_CODES: Record<CommandTypeName, number> = { ...SCALAR_TYPES, ...ARRAY_TYPES };

export function typeName(code: number): CommandTypeName | undefined {
  for (const [name, c] of Object.entries(TYPE_CODES)) if (c === code) return name as CommandTypeName;
  return undefined;
}

/** Element type of a DevVarXxxArray (the two struct arrays have none). */
export const ARRAY_ELEMENT: Partial<Record<ArrayTypeName, AttributeTypeName>> = {
  DevVarCharArray: 'DevUChar',
  DevVarShortArray: 'DevShort',
  DevVarLongArray: 'DevLong',
  DevVarFloatArray: 'DevFloat',
  DevVarDoubleArray: 'DevDouble',
  DevVarUShortArray: 'DevUShort',
  DevVarULongArray: 'DevULong',
  DevVarStringArray: 'DevString',
  DevVarBooleanArray: 'DevBoolean',
  DevVarLong64Array: 'DevLong64',
  DevVarULong64Array: 'DevULong64',
};

export const DevState = {
  ON: 0,
  OFF: 1,
  CLOSE: 2,
  OPEN: 3,
  INSERT: 4,
  EXTRACT: 5,
  MOVING: 6,
  STANDBY: 7,
  FAULT: 8,
  INIT: 9,
  RUNNING: 10,
  ALARM: 11,
  DISABLE: 12,
  UNKNOWN: 13,
} as const;
export type DevStateName = keyof typeof DevState;
export const DEV_STATE_NAMES = Object.keys(DevState) as DevStateName[];

export const AttrQuality = { VALID: 0, INVALID: 1, ALARM: 2, CHANGING: 3, WARNING: 4 } as const;
export type AttrQualityValue = (typeof AttrQuality)[keyof typeof AttrQuality];

export const AttrWriteType = { READ: 0, READ_WITH_WRITE: 1, WRITE: 2, READ_WRITE: 3 } as const;
export type AttrWriteTypeName = keyof typeof AttrWriteType;

export const AttrDataFormat = { SCALAR: 0, SPECTRUM: 1, IMAGE: 2, FMT_UNKNOWN: 3 } as const;
export type AttrDataFormatName = 'SCALAR' | 'SPECTRUM' | 'IMAGE';

export const DispLevel = { OPERATOR: 0, EXPERT: 1 } as const;

/** AttrValUnion discriminants (AttributeDataType) per element type. */
export const ATT_UNION: Record<AttributeTypeName, number> = {
  DevBoolean: 0,
  DevShort: 1,
  DevLong: 2,
  DevLong64: 3,
  DevFloat: 4,
  DevDouble: 5,
  DevUChar: 6,
  DevUShort: 7,
  DevULong: 8,
  DevULong64: 9,
  DevString: 10,
  DevState: 11,
  DevEncoded: 13,
  DevEnum: 1, // enums travel as shorts (cppTango stores them as short)
};

export const NOT_SPECIFIED = 'Not specified';

/** JS value of one element of a type. */
export type ElementValue = boolean | number | bigint | string | DevEncodedValue;
/** DevEncoded as the IDL layer carries it: a format name and raw bytes. */
export type DevEncodedValue = DevEncoded;
export interface LongStringArray {
  lvalue: number[];
  svalue: string[];
}
export interface DoubleStringArray {
  dvalue: number[];
  svalue: string[];
}
