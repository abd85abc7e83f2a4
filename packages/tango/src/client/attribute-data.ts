import type { TypedNumberArray } from '../cdr/any.js';
import { DevFailedError, TangoValueError } from '../errors/tango-errors.js';
import { CmdArgType, cmdArgTypeName, DEV_STATE, type AttrDataFormat, type AttrQuality, type DevState } from '../idl/enums.js';
import type { AttrValUnion, AttributeConfig_5, AttributeValue_4, AttributeValue_5, DevEncoded } from '../idl/structs.js';
import { toCommandValue, type CommandInput } from '../idl/command-any.js';

/** A scalar attribute value. DevState as its name, 64-bit integers as bigint, DevEnum as its index. */
export type ScalarValue = number | bigint | boolean | string | DevEncoded;
/** A spectrum or image (row-major, `dim.x` columns × `dim.y` rows): typed arrays for numeric types. */
export type ArrayValue =
  | TypedNumberArray
  | boolean[]
  | string[]
  | DevEncoded[];
export type AttributeData = ScalarValue | ArrayValue;

/** One attribute read (T-IDL-4), with a per-attribute error as a value. */
export interface AttributeReading {
  name: string;
  /** The read value; undefined when `error` is set. */
  value: AttributeData | undefined;
  /** The set point of a READ_WRITE / READ_WITH_WRITE attribute, when the server sent it. */
  writeValue: AttributeData | undefined;
  quality: AttrQuality;
  format: AttrDataFormat;
  /** CmdArgType code (5 = DevDouble). */
  dataType: number;
  /** The server's timestamp (milliseconds; see `timeMicros` for the full resolution). */
  time: Date;
  /** The server's timestamp in microseconds since the epoch, as sent (tv_sec, tv_usec). */
  timeMicros: number;
  dim: { x: number; y: number };
  writeDim: { x: number; y: number };
  /** The per-attribute failure (unknown attribute, read method threw, value not set). */
  error?: DevFailedError;
}

function unionValues(u: AttrValUnion): ArrayLike<unknown> & { slice(a?: number, b?: number): unknown } {
  switch (u.type) {
    case 'DEVICE_STATE':
      return [u.value];
    case 'ATT_NO_DATA':
      return [];
    default:
      return u.value;
  }
}

function reading(av: AttributeValue_5 | AttributeValue_4, value: AttributeData | undefined, writeValue: AttributeData | undefined, error?: DevFailedError): AttributeReading {
  // One literal with every field (same shape for every reading): spreads of a shared base cost more than the
  // rest of the decode on the read hot path.
  const r: AttributeReading = {
    name: av.name,
    value,
    writeValue,
    quality: av.quality,
    format: av.data_format,
    dataType: 'data_type' in av ? av.data_type : 0,
    time: new Date(av.time.tv_sec * 1000 + Math.floor(av.time.tv_usec / 1000)),
    timeMicros: av.time.tv_sec * 1_000_000 + av.time.tv_usec,
    dim: { x: av.r_dim.dim_x, y: av.r_dim.dim_y },
    writeDim: { x: av.w_dim.dim_x, y: av.w_dim.dim_y },
  };
  if (error) r.error = error;
  return r;
}

/** Converts an AttributeValue_5 (or _4 with a known type) into a reading. */
export function readingFromWire(av: AttributeValue_5 | AttributeValue_4): AttributeReading {
  if (av.err_list.length) return reading(av, undefined, undefined, new DevFailedError(av.err_list));
  const u = av.value;
  if (u.type === 'ATT_NO_DATA') return reading(av, undefined, undefined);
  if (u.type === 'DEVICE_STATE') return reading(av, u.value, undefined);
  const all = unionValues(u);
  if (av.data_format === 'SCALAR') {
    const value = all[0] as ScalarValue | undefined;
    const writeValue = all.length > 1 ? (all[1] as ScalarValue) : undefined;
    return reading(av, value, writeValue);
  }
  const nRead = Math.max(1, av.r_dim.dim_x) * Math.max(1, av.r_dim.dim_y);
  const readCount = av.r_dim.dim_x === 0 ? 0 : nRead;
  const value = all.slice(0, readCount) as ArrayValue;
  const writeValue = all.length > readCount ? (all.slice(readCount) as ArrayValue) : undefined;
  return reading(av, value, writeValue);
}

/** What `write` accepts: a scalar, an array / typed array (spectrum), rows or `{data, dimX, dimY}` (image). */
export type WriteInput =
  | ScalarValue
  | ArrayLike<number>
  | ArrayLike<bigint>
  | readonly boolean[]
  | readonly string[]
  | readonly (readonly number[])[]
  | readonly (readonly string[])[]
  | readonly (readonly boolean[])[]
  | { data: ArrayLike<unknown>; dimX: number; dimY: number };

const ARRAY_TYPE_FOR: Partial<Record<number, number>> = {
  [CmdArgType.DevBoolean]: CmdArgType.DevVarBooleanArray,
  [CmdArgType.DevShort]: CmdArgType.DevVarShortArray,
  [CmdArgType.DevEnum]: CmdArgType.DevVarShortArray,
  [CmdArgType.DevLong]: CmdArgType.DevVarLongArray,
  [CmdArgType.DevLong64]: CmdArgType.DevVarLong64Array,
  [CmdArgType.DevFloat]: CmdArgType.DevVarFloatArray,
  [CmdArgType.DevDouble]: CmdArgType.DevVarDoubleArray,
  [CmdArgType.DevUChar]: CmdArgType.DevVarCharArray,
  [CmdArgType.DevUShort]: CmdArgType.DevVarUShortArray,
  [CmdArgType.DevULong]: CmdArgType.DevVarULongArray,
  [CmdArgType.DevULong64]: CmdArgType.DevVarULong64Array,
  [CmdArgType.DevString]: CmdArgType.DevVarStringArray,
};

function unionFor(dataType: number, items: unknown[] | ArrayLike<unknown>, name: string): AttrValUnion {
  if (dataType === CmdArgType.DevState) {
    const states = Array.from(items, (s) => {
      const v = typeof s === 'number' ? DEV_STATE[s] : s;
      if (typeof v !== 'string' || !(DEV_STATE as readonly string[]).includes(v)) throw new TangoValueError(`${String(s)} is not a DevState (attribute ${name})`);
      return v as DevState;
    });
    return { type: 'ATT_STATE', value: states };
  }
  if (dataType === CmdArgType.DevEncoded) {
    return { type: 'ATT_ENCODED', value: Array.from(items, (e) => toCommandValue(CmdArgType.DevEncoded, e as CommandInput) as DevEncoded) };
  }
  const arrayType = ARRAY_TYPE_FOR[dataType];
  if (arrayType === undefined) throw new TangoValueError(`cannot write attribute ${name} of type ${cmdArgTypeName(dataType)}`);
  let v;
  try {
    v = toCommandValue(arrayType, (ArrayBuffer.isView(items) ? items : Array.from(items)) as CommandInput);
  } catch (err) {
    throw new TangoValueError(`invalid value for attribute ${name} (${cmdArgTypeName(dataType)}): ${(err as Error).message}`);
  }
  switch (dataType) {
    case CmdArgType.DevBoolean:
      return { type: 'ATT_BOOL', value: v as boolean[] };
    case CmdArgType.DevShort:
    case CmdArgType.DevEnum:
      return { type: 'ATT_SHORT', value: v as Int16Array };
    case CmdArgType.DevLong:
      return { type: 'ATT_LONG', value: v as Int32Array };
    case CmdArgType.DevLong64:
      return { type: 'ATT_LONG64', value: v as BigInt64Array };
    case CmdArgType.DevFloat:
      return { type: 'ATT_FLOAT', value: v as Float32Array };
    case CmdArgType.DevDouble:
      return { type: 'ATT_DOUBLE', value: v as Float64Array };
    case CmdArgType.DevUChar:
      return { type: 'ATT_UCHAR', value: v as Uint8Array };
    case CmdArgType.DevUShort:
      return { type: 'ATT_USHORT', value: v as Uint16Array };
    case CmdArgType.DevULong:
      return { type: 'ATT_ULONG', value: v as Uint32Array };
    case CmdArgType.DevULong64:
      return { type: 'ATT_ULONG64', value: v as BigUint64Array };
    default:
      return { type: 'ATT_STRING', value: v as string[] };
  }
}

function isListLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Builds the AttributeValue_4 PyTango sends for a write (T-IDL-4), from the attribute's config. */
export function writeValueFor(config: AttributeConfig_5, input: WriteInput): AttributeValue_4 {
  const name = config.name;
  let items: ArrayLike<unknown>;
  let dimX: number;
  let dimY = 0;
  if (config.data_format === 'SCALAR') {
    if (isListLike(input) && config.data_type !== CmdArgType.DevEncoded) throw new TangoValueError(`attribute ${name} is a scalar; got a list`);
    items = [input];
    dimX = 1;
  } else if (config.data_format === 'SPECTRUM') {
    if (!isListLike(input)) throw new TangoValueError(`attribute ${name} is a spectrum; expected a list`);
    items = input;
    dimX = input.length;
  } else {
    if (input && typeof input === 'object' && 'data' in input && 'dimX' in input) {
      items = input.data;
      dimX = input.dimX;
      dimY = input.dimY;
      if (items.length !== dimX * dimY) throw new TangoValueError(`image data for ${name} has ${items.length} elements, expected ${dimX}×${dimY}`);
    } else if (Array.isArray(input) && input.every((row) => isListLike(row))) {
      const rows = input;
      dimY = rows.length;
      dimX = rows[0]?.length ?? 0;
      if (!rows.every((r) => r.length === dimX)) throw new TangoValueError(`image rows for ${name} have different lengths`);
      items = rows.flatMap((r) => Array.from(r));
    } else {
      throw new TangoValueError(`attribute ${name} is an image; expected rows or {data, dimX, dimY}`);
    }
  }
  return {
    value: unionFor(config.data_type, items, name),
    quality: 'ATTR_VALID',
    data_format: 'FMT_UNKNOWN',
    time: { tv_sec: 0, tv_usec: 0, tv_nsec: 0 },
    name,
    r_dim: { dim_x: 0, dim_y: 0 },
    w_dim: { dim_x: dimX, dim_y: dimY },
    err_list: [],
  };
}
