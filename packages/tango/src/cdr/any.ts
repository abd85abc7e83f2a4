import { CdrEncodeError } from '../errors/tango-errors.js';
import type { CdrReader } from './reader.js';
import { readTypeCode, unalias, writeTypeCode, type TypeCode } from './typecode.js';
import type { CdrWriter } from './writer.js';

/** The typed arrays CDR numeric sequences decode to (octet → Uint8Array … unsigned long long → BigUint64Array). */
export type TypedNumberArray =
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A value carried in a CORBA `any`. Numeric sequences are typed arrays, boolean sequences `boolean[]`,
 * string sequences `string[]`, 64-bit integers `bigint`, enums their ordinal, structs plain objects keyed by
 * member name, `null` for null/void.
 */
export type AnyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | TypedNumberArray
  | AnyValue[]
  | { [member: string]: AnyValue }
  | CorbaAny;

export interface CorbaAny {
  type: TypeCode;
  value: AnyValue;
}

export function readAny(r: CdrReader): CorbaAny {
  const type = readTypeCode(r);
  return { type, value: readValue(r, type) };
}

export function writeAny(w: CdrWriter, any: CorbaAny): void {
  writeTypeCode(w, any.type);
  writeValue(w, any.type, any.value);
}

/** Decodes one value of type `tc`. */
export function readValue(r: CdrReader, tc: TypeCode): AnyValue {
  r.enter();
  try {
    const t = unalias(tc);
    switch (t.kind) {
      case 'null':
      case 'void':
        return null;
      case 'short':
        return r.short();
      case 'long':
        return r.long();
      case 'ushort':
        return r.ushort();
      case 'ulong':
        return r.ulong();
      case 'float':
        return r.float();
      case 'double':
        return r.double();
      case 'boolean':
        return r.boolean();
      case 'char':
        return r.char();
      case 'octet':
        return r.octet();
      case 'longlong':
        return r.longlong();
      case 'ulonglong':
        return r.ulonglong();
      case 'string':
        return r.string();
      case 'enum':
        return r.enumValue(t.members.length, t.name || 'enum');
      case 'any':
        return readAny(r);
      case 'sequence':
        return readSequence(r, t.content);
      case 'array': {
        const out: AnyValue[] = [];
        if (t.length > r.remaining) r.fail('array longer than the message');
        for (let i = 0; i < t.length; i++) out.push(readValue(r, t.content));
        return out;
      }
      case 'struct':
      case 'except': {
        const out: Record<string, AnyValue> = {};
        if (t.kind === 'except') r.string();
        for (const m of t.members) out[m.name] = readValue(r, m.type);
        return out;
      }
      default:
        return r.fail(`unsupported value kind ${t.kind} in any`);
    }
  } finally {
    r.leave();
  }
}

function readSequence(r: CdrReader, content: TypeCode): AnyValue {
  const c = unalias(content);
  switch (c.kind) {
    case 'octet':
      return r.octetSeq();
    case 'short':
      return r.shortSeq();
    case 'ushort':
      return r.ushortSeq();
    case 'long':
      return r.longSeq();
    case 'ulong':
      return r.ulongSeq();
    case 'float':
      return r.floatSeq();
    case 'double':
      return r.doubleSeq();
    case 'longlong':
      return r.longlongSeq();
    case 'ulonglong':
      return r.ulonglongSeq();
    case 'boolean':
      return r.booleanSeq();
    case 'string':
      return r.stringSeq();
    default:
      return r.sequence(1, (x) => readValue(x, content));
  }
}

export function writeValue(w: CdrWriter, tc: TypeCode, v: AnyValue): void {
  const t = unalias(tc);
  const bad = (): never => {
    throw new CdrEncodeError(`value ${describe(v)} does not fit TypeCode ${t.kind}`);
  };
  switch (t.kind) {
    case 'null':
    case 'void':
      return;
    case 'short':
      return typeof v === 'number' ? w.short(v) : bad();
    case 'long':
      return typeof v === 'number' ? w.long(v) : bad();
    case 'ushort':
      return typeof v === 'number' ? w.ushort(v) : bad();
    case 'ulong':
      return typeof v === 'number' ? w.ulong(v) : bad();
    case 'float':
      return typeof v === 'number' ? w.float(v) : bad();
    case 'double':
      return typeof v === 'number' ? w.double(v) : bad();
    case 'boolean':
      return typeof v === 'boolean' ? w.boolean(v) : bad();
    case 'char':
      return typeof v === 'string' && v.length === 1 ? w.octet(v.charCodeAt(0)) : bad();
    case 'octet':
      return typeof v === 'number' ? w.octet(v) : bad();
    case 'longlong':
      return typeof v === 'bigint' || typeof v === 'number' ? w.longlong(v) : bad();
    case 'ulonglong':
      return typeof v === 'bigint' || typeof v === 'number' ? w.ulonglong(v) : bad();
    case 'string':
      return typeof v === 'string' ? w.string(v) : bad();
    case 'enum':
      return typeof v === 'number' && v >= 0 && v < t.members.length ? w.ulong(v) : bad();
    case 'any':
      return v !== null && typeof v === 'object' && 'type' in v && 'value' in v ? writeAny(w, v as CorbaAny) : bad();
    case 'sequence':
      return writeSequence(w, t.content, v);
    case 'array':
      if (!Array.isArray(v) || v.length !== t.length) return bad();
      for (const item of v) writeValue(w, t.content, item);
      return;
    case 'struct': {
      if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || Array.isArray(v)) return bad();
      const o = v as Record<string, AnyValue>;
      for (const m of t.members) {
        if (!(m.name in o)) throw new CdrEncodeError(`struct ${t.name} is missing member ${m.name}`);
        writeValue(w, m.type, o[m.name]!);
      }
      return;
    }
    default:
      throw new CdrEncodeError(`unsupported value kind ${t.kind} in any`);
  }
}

function writeSequence(w: CdrWriter, content: TypeCode, v: AnyValue): void {
  const c = unalias(content);
  const isList = Array.isArray(v) || ArrayBuffer.isView(v);
  if (!isList) throw new CdrEncodeError(`expected a sequence of ${c.kind}, got ${describe(v)}`);
  const list = v as unknown as ArrayLike<never>;
  switch (c.kind) {
    case 'octet':
      return w.octetSeq(list);
    case 'short':
      return w.shortSeq(list);
    case 'ushort':
      return w.ushortSeq(list);
    case 'long':
      return w.longSeq(list);
    case 'ulong':
      return w.ulongSeq(list);
    case 'float':
      return w.floatSeq(list);
    case 'double':
      return w.doubleSeq(list);
    case 'longlong':
      return w.longlongSeq(list);
    case 'ulonglong':
      return w.ulonglongSeq(list);
    default: {
      const items = Array.from(v as ArrayLike<AnyValue>);
      w.ulong(items.length);
      for (const item of items) writeValue(w, content, item);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
