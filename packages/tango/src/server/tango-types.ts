import { CmdArgType } from '../idl/enums.js';
import type { DevEncoded } from '../idl/structs.js';

/** `CmdArgType` restricted to `keys` (the codes stay defined once, in idl/enums). */
function pickTypes<K extends keyof typeof CmdArgType>(keys: readonly K[]): Pick<typeof CmdArgType, K> {
  return Object.fromEntries(keys.map((k) => [k, CmdArgType[k]])) as Pick<typeof CmdArgType, K>;
}

/** Tango data types as device classes declare them, with their CmdArgType codes (T-IDL-1). */
export const SCALAR_TYPES = pickTypes(['DevVoid', 'DevBoolean', 'DevShort', 'DevLong', 'DevFloat', 'DevDouble', 'DevUShort', 'DevULong', 'DevString', 'DevState', 'DevUChar', 'DevLong64', 'DevULong64', 'DevEncoded', 'DevEnum']);

export const ARRAY_TYPES = pickTypes(['DevVarCharArray', 'DevVarShortArray', 'DevVarLongArray', 'DevVarFloatArray', 'DevVarDoubleArray', 'DevVarUShortArray', 'DevVarULongArray', 'DevVarStringArray', 'DevVarLongStringArray', 'DevVarDoubleStringArray', 'DevVarBooleanArray', 'DevVarLong64Array', 'DevVarULong64Array']);

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
