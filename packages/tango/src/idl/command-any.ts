import type { AnyValue, CorbaAny, TypedNumberArray } from '../cdr/any.js';
import { unalias, type SimpleKind, type TypeCode } from '../cdr/typecode.js';
import { TangoValueError } from '../errors/tango-errors.js';
import { CmdArgType, DEV_STATE, cmdArgTypeName, type DevState } from './enums.js';
import type { DevEncoded, DevVarDoubleStringArray, DevVarLongStringArray } from './structs.js';

/** A command argument or result as the client API presents it (T-IDL-1 CmdArgType). */
export type CommandValue =
  | undefined
  | boolean
  | number
  | bigint
  | string
  | TypedNumberArray
  | string[]
  | boolean[]
  | DevVarLongStringArray
  | DevVarDoubleStringArray
  | DevEncoded;

/** What callers may pass for a command argument: typed arrays or plain arrays, numbers for 64-bit ints. */
export type CommandInput =
  | CommandValue
  | null
  | readonly number[]
  | readonly bigint[]
  | readonly (number | bigint)[]
  | { lvalue: ArrayLike<number>; svalue: readonly string[] }
  | { dvalue: ArrayLike<number>; svalue: readonly string[] };

const prim = (kind: SimpleKind): TypeCode => ({ kind });
const stringTc: TypeCode = { kind: 'string', bound: 0 };

function seqAlias(name: string, element: TypeCode): TypeCode {
  return { kind: 'alias', id: `IDL:Tango/${name}:1.0`, name, content: { kind: 'sequence', content: element, bound: 0 } };
}

const VAR_ARRAYS: Record<number, [string, TypeCode]> = {
  [CmdArgType.DevVarCharArray]: ['DevVarCharArray', prim('octet')],
  [CmdArgType.DevVarShortArray]: ['DevVarShortArray', prim('short')],
  [CmdArgType.DevVarLongArray]: ['DevVarLongArray', prim('long')],
  [CmdArgType.DevVarFloatArray]: ['DevVarFloatArray', prim('float')],
  [CmdArgType.DevVarDoubleArray]: ['DevVarDoubleArray', prim('double')],
  [CmdArgType.DevVarUShortArray]: ['DevVarUShortArray', prim('ushort')],
  [CmdArgType.DevVarULongArray]: ['DevVarULongArray', prim('ulong')],
  [CmdArgType.DevVarStringArray]: ['DevVarStringArray', stringTc],
  [CmdArgType.DevVarBooleanArray]: ['DevVarBooleanArray', prim('boolean')],
  [CmdArgType.DevVarLong64Array]: ['DevVarLong64Array', prim('longlong')],
  [CmdArgType.DevVarULong64Array]: ['DevVarULong64Array', prim('ulonglong')],
};

const PRIMITIVES: Record<number, SimpleKind> = {
  [CmdArgType.DevVoid]: 'null',
  [CmdArgType.DevBoolean]: 'boolean',
  [CmdArgType.DevShort]: 'short',
  [CmdArgType.DevLong]: 'long',
  [CmdArgType.DevFloat]: 'float',
  [CmdArgType.DevDouble]: 'double',
  [CmdArgType.DevUShort]: 'ushort',
  [CmdArgType.DevULong]: 'ulong',
  [CmdArgType.DevUChar]: 'octet',
  [CmdArgType.DevLong64]: 'longlong',
  [CmdArgType.DevULong64]: 'ulonglong',
  // DevEnum commands carry a short (cppTango stores enums as short).
  [CmdArgType.DevEnum]: 'short',
};

export const DEV_STATE_TYPECODE: TypeCode = { kind: 'enum', id: 'IDL:Tango/DevState:1.0', name: 'DevState', members: [...DEV_STATE] };

/** The TypeCode omniORB/cppTango put in a command's any for a CmdArgType (T-CDR-3). */
export function commandTypeCode(type: number): TypeCode {
  const p = PRIMITIVES[type];
  if (p) return prim(p);
  const v = VAR_ARRAYS[type];
  if (v) return seqAlias(v[0], v[1]);
  switch (type) {
    case CmdArgType.DevString:
    case CmdArgType.ConstDevString:
      return stringTc;
    case CmdArgType.DevState:
      return DEV_STATE_TYPECODE;
    case CmdArgType.DevVarLongStringArray:
      return {
        kind: 'struct',
        id: 'IDL:Tango/DevVarLongStringArray:1.0',
        name: 'DevVarLongStringArray',
        members: [
          { name: 'lvalue', type: commandTypeCode(CmdArgType.DevVarLongArray) },
          { name: 'svalue', type: commandTypeCode(CmdArgType.DevVarStringArray) },
        ],
      };
    case CmdArgType.DevVarDoubleStringArray:
      return {
        kind: 'struct',
        id: 'IDL:Tango/DevVarDoubleStringArray:1.0',
        name: 'DevVarDoubleStringArray',
        members: [
          { name: 'dvalue', type: commandTypeCode(CmdArgType.DevVarDoubleArray) },
          { name: 'svalue', type: commandTypeCode(CmdArgType.DevVarStringArray) },
        ],
      };
    case CmdArgType.DevEncoded:
      return {
        kind: 'struct',
        id: 'IDL:Tango/DevEncoded:1.0',
        name: 'DevEncoded',
        members: [
          { name: 'encoded_format', type: { kind: 'alias', id: 'IDL:Tango/DevString:1.0', name: 'DevString', content: stringTc } },
          { name: 'encoded_data', type: commandTypeCode(CmdArgType.DevVarCharArray) },
        ],
      };
    case CmdArgType.DevVarStateArray:
      return { kind: 'alias', id: 'IDL:Tango/DevVarStateArray:1.0', name: 'DevVarStateArray', content: { kind: 'sequence', content: DEV_STATE_TYPECODE, bound: 0 } };
    default:
      throw new TangoValueError(`command argument type ${cmdArgTypeName(type)} is not supported`);
  }
}

const INT_RANGES: Record<string, [number, number]> = {
  short: [-0x8000, 0x7fff],
  ushort: [0, 0xffff],
  long: [-0x80000000, 0x7fffffff],
  ulong: [0, 0xffffffff],
  octet: [0, 0xff],
};

function fail(type: number, value: unknown): never {
  const shown = typeof value === 'bigint' ? `${value}n` : ArrayBuffer.isView(value) ? value.constructor.name : JSON.stringify(value)?.slice(0, 60);
  throw new TangoValueError(`${shown} is not a valid ${cmdArgTypeName(type)}`);
}

function toNumberArray<T extends ArrayLike<number>>(type: number, value: unknown, make: (xs: ArrayLike<number>) => T, kind: string): T {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) fail(type, value);
  const xs = value as ArrayLike<unknown>;
  const range = INT_RANGES[kind];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== 'number') fail(type, value);
    if (range && (!Number.isInteger(x) || x < range[0] || x > range[1])) fail(type, x);
  }
  return make(xs as ArrayLike<number>);
}

function toBigArray<T>(type: number, value: unknown, make: (xs: bigint[]) => T, signed: boolean): T {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) fail(type, value);
  const out: bigint[] = [];
  for (const x of Array.from(value as ArrayLike<unknown>)) out.push(toBig(type, x, signed));
  return make(out);
}

function toBig(type: number, x: unknown, signed: boolean): bigint {
  let b: bigint;
  if (typeof x === 'bigint') b = x;
  else if (typeof x === 'number' && Number.isSafeInteger(x)) b = BigInt(x);
  else return fail(type, x);
  const ok = signed ? b >= -(1n << 63n) && b < 1n << 63n : b >= 0n && b < 1n << 64n;
  if (!ok) fail(type, x);
  return b;
}

function toStrings(type: number, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) fail(type, value);
  return value;
}

/** Converts a caller's value to the any for a command whose argin type is `type`, checking ranges. */
export function toCommandAny(type: number, input: CommandInput): CorbaAny {
  const tc = commandTypeCode(type);
  const value = toCommandValue(type, input);
  let wire: AnyValue;
  if (type === CmdArgType.DevState) wire = DEV_STATE.indexOf(value as DevState);
  else wire = (value ?? null) as AnyValue;
  return { type: tc, value: wire };
}

/** Validates and normalises a command argument (typed arrays, bigint for 64-bit). */
export function toCommandValue(type: number, v: CommandInput): CommandValue {
  switch (type) {
    case CmdArgType.DevVoid:
      if (v !== undefined && v !== null) fail(type, v);
      return undefined;
    case CmdArgType.DevBoolean:
      return typeof v === 'boolean' ? v : fail(type, v);
    case CmdArgType.DevShort:
    case CmdArgType.DevLong:
    case CmdArgType.DevUShort:
    case CmdArgType.DevULong:
    case CmdArgType.DevUChar:
    case CmdArgType.DevEnum: {
      const kind = PRIMITIVES[type]!;
      const range = INT_RANGES[kind]!;
      return typeof v === 'number' && Number.isInteger(v) && v >= range[0] && v <= range[1] ? v : fail(type, v);
    }
    case CmdArgType.DevFloat:
    case CmdArgType.DevDouble:
      return typeof v === 'number' ? v : fail(type, v);
    case CmdArgType.DevLong64:
      return toBig(type, v, true);
    case CmdArgType.DevULong64:
      return toBig(type, v, false);
    case CmdArgType.DevString:
    case CmdArgType.ConstDevString:
      return typeof v === 'string' ? v : fail(type, v);
    case CmdArgType.DevState:
      if (typeof v === 'string' && (DEV_STATE as readonly string[]).includes(v)) return v;
      if (typeof v === 'number' && DEV_STATE[v]) return DEV_STATE[v];
      return fail(type, v);
    case CmdArgType.DevVarCharArray:
      return toNumberArray(type, v, (xs) => Uint8Array.from(xs), 'octet');
    case CmdArgType.DevVarShortArray:
      return toNumberArray(type, v, (xs) => Int16Array.from(xs), 'short');
    case CmdArgType.DevVarUShortArray:
      return toNumberArray(type, v, (xs) => Uint16Array.from(xs), 'ushort');
    case CmdArgType.DevVarLongArray:
      return toNumberArray(type, v, (xs) => Int32Array.from(xs), 'long');
    case CmdArgType.DevVarULongArray:
      return toNumberArray(type, v, (xs) => Uint32Array.from(xs), 'ulong');
    case CmdArgType.DevVarFloatArray:
      return toNumberArray(type, v, (xs) => Float32Array.from(xs), 'float');
    case CmdArgType.DevVarDoubleArray:
      return v instanceof Float64Array ? v : toNumberArray(type, v, (xs) => Float64Array.from(xs), 'double');
    case CmdArgType.DevVarLong64Array:
      return v instanceof BigInt64Array ? v : toBigArray(type, v, (xs) => BigInt64Array.from(xs), true);
    case CmdArgType.DevVarULong64Array:
      return v instanceof BigUint64Array ? v : toBigArray(type, v, (xs) => BigUint64Array.from(xs), false);
    case CmdArgType.DevVarStringArray:
      return toStrings(type, v);
    case CmdArgType.DevVarBooleanArray:
      if (!Array.isArray(v) || !v.every((b) => typeof b === 'boolean')) fail(type, v);
      return v;
    case CmdArgType.DevVarLongStringArray: {
      const o = v as { lvalue?: unknown; svalue?: unknown } | null;
      if (!o || typeof o !== 'object') fail(type, v);
      return { lvalue: toNumberArray(type, o.lvalue, (xs) => Int32Array.from(xs), 'long'), svalue: toStrings(type, o.svalue) };
    }
    case CmdArgType.DevVarDoubleStringArray: {
      const o = v as { dvalue?: unknown; svalue?: unknown } | null;
      if (!o || typeof o !== 'object') fail(type, v);
      return { dvalue: toNumberArray(type, o.dvalue, (xs) => Float64Array.from(xs), 'double'), svalue: toStrings(type, o.svalue) };
    }
    case CmdArgType.DevEncoded: {
      const o = v as { encoded_format?: unknown; encoded_data?: unknown } | null;
      if (!o || typeof o !== 'object' || typeof o.encoded_format !== 'string') fail(type, v);
      return { encoded_format: o.encoded_format, encoded_data: toNumberArray(type, o.encoded_data, (xs) => Uint8Array.from(xs), 'octet') };
    }
    default:
      throw new TangoValueError(`command argument type ${cmdArgTypeName(type)} is not supported`);
  }
}

/** The CmdArgType a TypeCode stands for, by structure (aliases of primitives accepted). */
export function cmdArgTypeOf(tc: TypeCode): number {
  if (tc.kind === 'alias' || tc.kind === 'struct' || tc.kind === 'enum') {
    const m = /^IDL:Tango\/(\w+):1\.0$/.exec(tc.id);
    const name = m?.[1];
    if (name && name in CmdArgType && name !== 'DevString') return CmdArgType[name as keyof typeof CmdArgType];
  }
  const t = unalias(tc);
  switch (t.kind) {
    case 'null':
    case 'void':
      return CmdArgType.DevVoid;
    case 'boolean':
      return CmdArgType.DevBoolean;
    case 'short':
      return CmdArgType.DevShort;
    case 'long':
      return CmdArgType.DevLong;
    case 'float':
      return CmdArgType.DevFloat;
    case 'double':
      return CmdArgType.DevDouble;
    case 'ushort':
      return CmdArgType.DevUShort;
    case 'ulong':
      return CmdArgType.DevULong;
    case 'octet':
      return CmdArgType.DevUChar;
    case 'longlong':
      return CmdArgType.DevLong64;
    case 'ulonglong':
      return CmdArgType.DevULong64;
    case 'string':
      return CmdArgType.DevString;
    case 'enum':
      return CmdArgType.DevState;
    case 'sequence': {
      const c = unalias(t.content);
      const map: Partial<Record<string, number>> = {
        octet: CmdArgType.DevVarCharArray,
        short: CmdArgType.DevVarShortArray,
        long: CmdArgType.DevVarLongArray,
        float: CmdArgType.DevVarFloatArray,
        double: CmdArgType.DevVarDoubleArray,
        ushort: CmdArgType.DevVarUShortArray,
        ulong: CmdArgType.DevVarULongArray,
        string: CmdArgType.DevVarStringArray,
        boolean: CmdArgType.DevVarBooleanArray,
        longlong: CmdArgType.DevVarLong64Array,
        ulonglong: CmdArgType.DevVarULong64Array,
        enum: CmdArgType.DevVarStateArray,
      };
      const code = map[c.kind];
      if (code !== undefined) return code;
      break;
    }
    case 'struct': {
      const names = t.members.map((m) => m.name).join(',');
      if (names === 'lvalue,svalue') return CmdArgType.DevVarLongStringArray;
      if (names === 'dvalue,svalue') return CmdArgType.DevVarDoubleStringArray;
      if (names === 'encoded_format,encoded_data') return CmdArgType.DevEncoded;
      break;
    }
    default:
      break;
  }
  throw new TangoValueError(`no Tango type for an any of kind ${t.kind}`);
}

/** Converts a decoded command any to the client value (DevState by name, struct members as typed arrays). */
export function fromCommandAny(any: CorbaAny): CommandValue {
  const type = cmdArgTypeOf(any.type);
  const v = any.value;
  if (type === CmdArgType.DevVoid) return undefined;
  if (type === CmdArgType.DevState) return DEV_STATE[v as number] ?? 'UNKNOWN';
  if (type === CmdArgType.DevVarStateArray) return (v as number[]).map((i) => DEV_STATE[i] ?? 'UNKNOWN');
  return v as CommandValue;
}
