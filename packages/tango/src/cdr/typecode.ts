import { CdrDecodeError, CdrEncodeError } from '../errors/tango-errors.js';
import type { CdrReader } from './reader.js';
import type { CdrWriter } from './writer.js';

/** TCKind ordinals (CORBA 3.0, section 15.3.5.1). */
export const TCKind = {
  null: 0,
  void: 1,
  short: 2,
  long: 3,
  ushort: 4,
  ulong: 5,
  float: 6,
  double: 7,
  boolean: 8,
  char: 9,
  octet: 10,
  any: 11,
  TypeCode: 12,
  Principal: 13,
  objref: 14,
  struct: 15,
  union: 16,
  enum: 17,
  string: 18,
  sequence: 19,
  array: 20,
  alias: 21,
  except: 22,
  longlong: 23,
  ulonglong: 24,
  longdouble: 25,
  wchar: 26,
  wstring: 27,
} as const;

export type SimpleKind =
  | 'null'
  | 'void'
  | 'short'
  | 'long'
  | 'ushort'
  | 'ulong'
  | 'float'
  | 'double'
  | 'boolean'
  | 'char'
  | 'octet'
  | 'any'
  | 'TypeCode'
  | 'Principal'
  | 'longlong'
  | 'ulonglong'
  | 'longdouble'
  | 'wchar';

export type TypeCode =
  | { kind: SimpleKind }
  | { kind: 'string' | 'wstring'; bound: number }
  | { kind: 'objref'; id: string; name: string }
  | { kind: 'struct' | 'except'; id: string; name: string; members: { name: string; type: TypeCode }[] }
  | { kind: 'enum'; id: string; name: string; members: string[] }
  | { kind: 'alias'; id: string; name: string; content: TypeCode }
  | { kind: 'sequence'; content: TypeCode; bound: number }
  | { kind: 'array'; content: TypeCode; length: number }
  | {
      kind: 'union';
      id: string;
      name: string;
      discriminator: TypeCode;
      defaultIndex: number;
      members: { label: number | bigint | boolean; name: string; type: TypeCode }[];
    };

const kindNames = Object.fromEntries(Object.entries(TCKind).map(([k, v]) => [v, k])) as Record<number, TypeCode['kind']>;

/** Strips aliases (compare by structure, not by the typedef names other ORBs put around primitives). */
export function unalias(tc: TypeCode): TypeCode {
  let t = tc;
  for (let i = 0; t.kind === 'alias' && i < 64; i++) t = t.content;
  return t;
}

/**
 * Reads a TypeCode. Indirections (0xffffffff) resolve to TypeCodes read earlier in the same buffer: `seen` maps
 * positions to them, and is created only when a TypeCode has members (a command reply's simple `string`/`double`
 * TypeCode costs no map).
 */
export function readTypeCode(r: CdrReader, seen?: Map<number, TypeCode>): TypeCode {
  r.enter();
  try {
    r.align(4);
    const start = r.pos;
    const kindValue = r.ulong();
    if (kindValue === 0xffffffff) {
      const at = r.pos;
      const offset = r.long();
      const target = seen?.get(at + offset);
      if (!target) r.fail('unresolvable TypeCode indirection');
      return target;
    }
    const kind = kindNames[kindValue];
    if (kind === undefined) r.fail(`unknown TypeCode kind ${kindValue}`);
    let tc: TypeCode;
    switch (kind) {
      case 'string':
      case 'wstring':
        tc = { kind, bound: r.ulong() };
        break;
      case 'objref': {
        const e = r.encapsulation();
        tc = { kind, id: e.string(), name: e.string() };
        e.expectEnd('objref TypeCode');
        break;
      }
      case 'struct':
      case 'except': {
        seen ??= new Map();
        const e = r.encapsulation();
        const id = e.string();
        const name = e.string();
        const members = e.sequence(8, (x) => ({ name: x.string(), type: readTypeCode(x, seen) }));
        e.expectEnd(`${kind} TypeCode`);
        tc = { kind, id, name, members };
        break;
      }
      case 'enum': {
        const e = r.encapsulation();
        const id = e.string();
        const name = e.string();
        const members = e.sequence(4, (x) => x.string());
        e.expectEnd('enum TypeCode');
        tc = { kind, id, name, members };
        break;
      }
      case 'alias': {
        seen ??= new Map();
        const e = r.encapsulation();
        const id = e.string();
        const name = e.string();
        const content = readTypeCode(e, seen);
        e.expectEnd('alias TypeCode');
        tc = { kind, id, name, content };
        break;
      }
      case 'sequence':
      case 'array': {
        seen ??= new Map();
        const e = r.encapsulation();
        const content = readTypeCode(e, seen);
        const n = e.ulong();
        e.expectEnd(`${kind} TypeCode`);
        tc = kind === 'sequence' ? { kind, content, bound: n } : { kind, content, length: n };
        break;
      }
      case 'union': {
        seen ??= new Map();
        const e = r.encapsulation();
        const id = e.string();
        const name = e.string();
        const discriminator = readTypeCode(e, seen);
        const defaultIndex = e.long();
        const members = e.sequence(9, (x) => ({
          label: readUnionLabel(x, discriminator),
          name: x.string(),
          type: readTypeCode(x, seen),
        }));
        e.expectEnd('union TypeCode');
        tc = { kind, id, name, discriminator, defaultIndex, members };
        break;
      }
      default:
        tc = { kind };
    }
    seen?.set(start, tc);
    return tc;
  } finally {
    r.leave();
  }
}

function readUnionLabel(r: CdrReader, disc: TypeCode): number | bigint | boolean {
  const d = unalias(disc);
  switch (d.kind) {
    case 'boolean':
      return r.boolean();
    case 'char':
    case 'octet':
      return r.octet();
    case 'short':
      return r.short();
    case 'ushort':
      return r.ushort();
    case 'long':
      return r.long();
    case 'ulong':
    case 'enum':
      return r.ulong();
    case 'longlong':
      return r.longlong();
    case 'ulonglong':
      return r.ulonglong();
    default:
      throw new CdrDecodeError(`invalid union discriminator kind ${d.kind}`, r.pos);
  }
}

function writeUnionLabel(w: CdrWriter, disc: TypeCode, label: number | bigint | boolean): void {
  const d = unalias(disc);
  switch (d.kind) {
    case 'boolean':
      return w.boolean(Boolean(label));
    case 'char':
    case 'octet':
      return w.octet(Number(label));
    case 'short':
      return w.short(Number(label));
    case 'ushort':
      return w.ushort(Number(label));
    case 'long':
      return w.long(Number(label));
    case 'ulong':
    case 'enum':
      return w.ulong(Number(label));
    case 'longlong':
      return w.longlong(BigInt(label));
    case 'ulonglong':
      return w.ulonglong(BigInt(label));
    default:
      throw new CdrEncodeError(`invalid union discriminator kind ${d.kind}`);
  }
}

export function writeTypeCode(w: CdrWriter, tc: TypeCode): void {
  const kind = TCKind[tc.kind];
  if (kind === undefined) throw new CdrEncodeError(`unknown TypeCode kind ${String(tc.kind)}`);
  w.ulong(kind);
  switch (tc.kind) {
    case 'string':
    case 'wstring':
      w.ulong(tc.bound);
      return;
    case 'objref':
      w.encapsulation((e) => {
        e.string(tc.id);
        e.string(tc.name);
      });
      return;
    case 'struct':
    case 'except':
      w.encapsulation((e) => {
        e.string(tc.id);
        e.string(tc.name);
        e.sequence(tc.members, (x, m) => {
          x.string(m.name);
          writeTypeCode(x, m.type);
        });
      });
      return;
    case 'enum':
      w.encapsulation((e) => {
        e.string(tc.id);
        e.string(tc.name);
        e.stringSeq(tc.members);
      });
      return;
    case 'alias':
      w.encapsulation((e) => {
        e.string(tc.id);
        e.string(tc.name);
        writeTypeCode(e, tc.content);
      });
      return;
    case 'sequence':
      w.encapsulation((e) => {
        writeTypeCode(e, tc.content);
        e.ulong(tc.bound);
      });
      return;
    case 'array':
      w.encapsulation((e) => {
        writeTypeCode(e, tc.content);
        e.ulong(tc.length);
      });
      return;
    case 'union':
      w.encapsulation((e) => {
        e.string(tc.id);
        e.string(tc.name);
        writeTypeCode(e, tc.discriminator);
        e.long(tc.defaultIndex);
        e.sequence(tc.members, (x, m) => {
          writeUnionLabel(x, tc.discriminator, m.label);
          x.string(m.name);
          writeTypeCode(x, m.type);
        });
      });
      return;
    default:
      return;
  }
}

/** Structural equality, ignoring alias wrappers (T-CDR-3: compare by structure, not by bytes). */
export function sameStructure(a: TypeCode, b: TypeCode): boolean {
  const x = unalias(a);
  const y = unalias(b);
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'sequence':
    case 'array':
      return sameStructure(x.content, (y as typeof x).content);
    case 'struct':
    case 'except': {
      const ym = (y as typeof x).members;
      return x.members.length === ym.length && x.members.every((m, i) => sameStructure(m.type, ym[i]!.type));
    }
    case 'enum':
      return x.members.length === (y as typeof x).members.length;
    default:
      return true;
  }
}
