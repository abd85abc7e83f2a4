import type { TypedNumberArray } from '../cdr/any.js';
import { DeviceError } from './device-error.js';
import type { AttrDataFormatName, AttributeTypeName, DevEncodedValue, ElementValue } from './tango-types.js';
import { DEV_STATE_NAMES, DevState } from './tango-types.js';

/** An image as device code reads or receives it: row-major, `dimX` columns × `dimY` rows. */
export interface ImageValue<T = ElementValue> {
  dimX: number;
  dimY: number;
  data: ArrayLike<T>;
}

/** What a spectrum/image element sequence looks like inside the server. */
export type ElementArray =
  | boolean[]
  | string[]
  | DevEncodedValue[]
  | TypedNumberArray
  | number[]
  | bigint[];

/** An attribute value normalised for the wire: a flat element array and its dimensions. */
export interface AttrData {
  data: ElementArray;
  dimX: number;
  dimY: number;
}

interface NumericSpec {
  min: number;
  max: number;
  integer: boolean;
  ctor: new (n: number) => Exclude<ElementArray, unknown[]>;
}

const NUMERIC: Partial<Record<AttributeTypeName, NumericSpec>> = {
  DevShort: { min: -0x8000, max: 0x7fff, integer: true, ctor: Int16Array },
  DevEnum: { min: -0x8000, max: 0x7fff, integer: true, ctor: Int16Array },
  DevUShort: { min: 0, max: 0xffff, integer: true, ctor: Uint16Array },
  DevLong: { min: -0x80000000, max: 0x7fffffff, integer: true, ctor: Int32Array },
  DevULong: { min: 0, max: 0xffffffff, integer: true, ctor: Uint32Array },
  DevUChar: { min: 0, max: 0xff, integer: true, ctor: Uint8Array },
  DevFloat: { min: -Infinity, max: Infinity, integer: false, ctor: Float32Array },
  DevDouble: { min: -Infinity, max: Infinity, integer: false, ctor: Float64Array },
  DevState: { min: 0, max: 13, integer: true, ctor: Uint32Array },
};

function badValue(attr: string, type: AttributeTypeName, got: unknown): never {
  const shown = typeof got === 'bigint' ? `${got}n` : typeof got === 'object' ? Object.prototype.toString.call(got) : JSON.stringify(got);
  throw new DeviceError('API_IncompatibleAttrDataType', `attribute ${attr}: ${shown} is not a valid ${type}`, 'Attribute::set_value');
}

/** Checks one element against a Tango type and returns it in canonical JS form. */
export function checkElement(attr: string, type: AttributeTypeName, v: unknown): ElementValue {
  switch (type) {
    case 'DevBoolean':
      if (typeof v !== 'boolean') badValue(attr, type, v);
      return v;
    case 'DevString':
      if (typeof v !== 'string') badValue(attr, type, v);
      return v;
    case 'DevLong64':
    case 'DevULong64': {
      const b = typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
      if (typeof b !== 'bigint') badValue(attr, type, v);
      const ok = type === 'DevLong64' ? b >= -(1n << 63n) && b < 1n << 63n : b >= 0n && b < 1n << 64n;
      if (!ok) badValue(attr, type, v);
      return b;
    }
    case 'DevEncoded': {
      const e = v as DevEncodedValue;
      if (typeof e !== 'object' || e === null || typeof e.encoded_format !== 'string' || !(e.encoded_data instanceof Uint8Array)) badValue(attr, type, v);
      return e;
    }
    case 'DevState': {
      const n = typeof v === 'string' ? (DevState as Record<string, number>)[v] : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= DEV_STATE_NAMES.length) badValue(attr, type, v);
      return n;
    }
    default: {
      const spec = NUMERIC[type]!;
      if (typeof v !== 'number' || (spec.integer && !Number.isInteger(v)) || v < spec.min || v > spec.max) badValue(attr, type, v);
      return v;
    }
  }
}

/** An element array of the right JS kind for `type` (typed array for numerics). */
export function makeArray(type: AttributeTypeName, values: readonly unknown[], attr: string): ElementArray {
  const spec = NUMERIC[type];
  if (spec) {
    const out = new spec.ctor(values.length);
    for (let i = 0; i < values.length; i++) (out as { [i: number]: number })[i] = checkElement(attr, type, values[i]) as number;
    return out;
  }
  if (type === 'DevLong64' || type === 'DevULong64') {
    const out = type === 'DevLong64' ? new BigInt64Array(values.length) : new BigUint64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = checkElement(attr, type, values[i]) as bigint;
    return out;
  }
  return values.map((v) => checkElement(attr, type, v)) as ElementArray;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

export function toArray(type: AttributeTypeName, v: ArrayLike<unknown>, attr: string): ElementArray {
  // Typed arrays of the exact kind pass through without a copy.
  const spec = NUMERIC[type];
  if (spec && v instanceof spec.ctor) return v as ElementArray;
  if (type === 'DevLong64' && v instanceof BigInt64Array) return v;
  if (type === 'DevULong64' && v instanceof BigUint64Array) return v;
  return makeArray(type, Array.from(v), attr);
}

/**
 * Normalises what device code returned from a read (or a set point) into flat data + dims, checking
 * element types and the declared maximum dimensions.
 */
export function normaliseValue(attr: string, type: AttributeTypeName, format: AttrDataFormatName, value: unknown, maxDimX: number, maxDimY: number): AttrData {
  if (format === 'SCALAR') {
    return { data: makeArray(type, [value], attr), dimX: 1, dimY: 0 };
  }
  if (format === 'SPECTRUM') {
    if (!isArrayLike(value) || typeof value === 'string') badValue(attr, type, value);
    if (value.length > maxDimX) {
      throw new DeviceError('API_AttrOptProp', `attribute ${attr}: ${value.length} elements exceed max_dim_x ${maxDimX}`, 'Attribute::set_value');
    }
    return { data: toArray(type, value, attr), dimX: value.length, dimY: 0 };
  }
  // IMAGE: either { dimX, dimY, data } or an array of rows.
  let dimX: number;
  let dimY: number;
  let data: ElementArray;
  if (Array.isArray(value) && (value.length === 0 || isArrayLike(value[0]))) {
    dimY = value.length;
    dimX = dimY ? (value[0] as ArrayLike<unknown>).length : 0;
    const flat: unknown[] = [];
    for (const row of value as ArrayLike<unknown>[]) {
      if (!isArrayLike(row) || row.length !== dimX) badValue(attr, type, row);
      for (let i = 0; i < row.length; i++) flat.push(row[i]);
    }
    data = makeArray(type, flat, attr);
  } else {
    const img = value as ImageValue<unknown>;
    if (typeof img !== 'object' || img === null || !isArrayLike(img.data) || !Number.isInteger(img.dimX) || !Number.isInteger(img.dimY)) badValue(attr, type, value);
    if (img.data.length !== img.dimX * img.dimY) badValue(attr, type, value);
    dimX = img.dimX;
    dimY = img.dimY;
    data = toArray(type, img.data, attr);
  }
  if (dimX > maxDimX || dimY > maxDimY) {
    throw new DeviceError('API_AttrOptProp', `attribute ${attr}: image ${dimX}x${dimY} exceeds ${maxDimX}x${maxDimY}`, 'Attribute::set_value');
  }
  return { data, dimX, dimY };
}

/** The value device code receives for a write: element (scalar), array (spectrum) or {@link ImageValue}. */
export function userValue(format: AttrDataFormatName, d: AttrData): unknown {
  if (format === 'SCALAR') return d.data[0];
  if (format === 'SPECTRUM') return d.data;
  return { dimX: d.dimX, dimY: d.dimY, data: d.data } satisfies ImageValue<unknown>;
}

/** Concatenates read and set-point parts (READ_WRITE reads carry both, T-IDL-4). */
export function concatData(type: AttributeTypeName, a: ElementArray, b: ElementArray, attr: string): ElementArray {
  if (b.length === 0) return a;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.constructor === b.constructor) {
    const ctor = a.constructor as new (n: number) => typeof a;
    const out = new ctor(a.length + b.length) as unknown as { set(src: ArrayLike<unknown>, offset: number): void };
    out.set(a, 0);
    out.set(b, a.length);
    return out as unknown as ElementArray;
  }
  return makeArray(type, [...Array.from(a as ArrayLike<unknown>), ...Array.from(b as ArrayLike<unknown>)], attr);
}

/** Default set point of a scalar before any write (cppTango reports zeros). */
export function defaultElement(type: AttributeTypeName): ElementValue {
  switch (type) {
    case 'DevBoolean':
      return false;
    case 'DevString':
      return '';
    case 'DevLong64':
    case 'DevULong64':
      return 0n;
    case 'DevEncoded':
      return { encoded_format: '', encoded_data: new Uint8Array(0) };
    default:
      return 0;
  }
}
