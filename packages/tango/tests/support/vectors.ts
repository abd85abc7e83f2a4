import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface VectorMessage {
  hex: string;
  normalized_hex?: string;
  decoded: Record<string, unknown>;
}

export interface GiopVector {
  id: string;
  scenario: string;
  label: string;
  operation: string | null;
  request?: VectorMessage;
  reply?: VectorMessage;
  other?: VectorMessage;
}

export interface Vectors {
  giop: GiopVector[];
  iors: { from_vector: string; ior: string; decoded: Record<string, unknown> }[];
  zmq: { scenario: string; frames: string[]; decoded: Record<string, unknown> }[];
  giop12_fragmentation: {
    description: string;
    messages: { dir: string; total_length: number; flags: number; message_type: number; head_hex: string; tail_hex: string; hex: string | null }[];
  };
}

/** The golden vectors (T-VEC-1; a copy of shared/specs/tango-vectors.json kept with the tests). */
export function loadVectors(): Vectors {
  const path = fileURLToPath(new URL('../fixtures/tango-vectors.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Vectors;
}

/**
 * Converts our decoded values into the shape of the reference decoder's JSON: typed arrays become arrays,
 * bigints numbers, buffers hex, `{type,value}` unions `{TYPE: value}`, TypeCodes the reference layout.
 */
export function toReference(v: unknown, key?: string): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => (typeof x === 'bigint' ? Number(x) : x));
  if (Array.isArray(v)) return v.map((x) => toReference(x));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('type' in o && 'value' in o && typeof o.type === 'object' && o.type !== null && 'kind' in (o.type)) {
      return { typecode: tcToReference(o.type), value: anyValueToReference(o.type, o.value) };
    }
    if (key === 'value' && typeof o.type === 'string' && 'value' in o && Object.keys(o).length === 2) {
      return { [o.type]: toReference(o.value) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if ((k === 'in_type' || k === 'out_type') && typeof x === 'number') out[k] = cmdArgName(x);
      else out[k] = toReference(x, k);
    }
    return out;
  }
  return v;
}

const CMD_ARG_NAMES = [
  'DevVoid', 'DevBoolean', 'DevShort', 'DevLong', 'DevFloat', 'DevDouble', 'DevUShort', 'DevULong', 'DevString',
  'DevVarCharArray', 'DevVarShortArray', 'DevVarLongArray', 'DevVarFloatArray', 'DevVarDoubleArray', 'DevVarUShortArray',
  'DevVarULongArray', 'DevVarStringArray', 'DevVarLongStringArray', 'DevVarDoubleStringArray', 'DevState', 'ConstDevString',
  'DevVarBooleanArray', 'DevUChar', 'DevLong64', 'DevULong64', 'DevVarLong64Array', 'DevVarULong64Array', 'DevInt', 'DevEncoded',
  'DevEnum', 'DevPipeBlob', 'DevVarStateArray',
];
function cmdArgName(n: number): string {
  return CMD_ARG_NAMES[n] ?? String(n);
}

function tcToReference(tc: unknown): unknown {
  const t = tc as Record<string, unknown>;
  const out: Record<string, unknown> = { kind: t.kind };
  if ('id' in t) out.id = t.id;
  if ('name' in t) out.name = t.name;
  if (t.kind === 'struct') out.members = (t.members as { name: string; type: unknown }[]).map((m) => [m.name, tcToReference(m.type)]);
  if (t.kind === 'enum') out.members = t.members;
  if ('content' in t) out.content = tcToReference(t.content);
  if ('bound' in t) out.bound = t.bound;
  return out;
}

function anyValueToReference(tc: unknown, value: unknown): unknown {
  let t = tc as Record<string, unknown>;
  while (t.kind === 'alias') t = t.content as Record<string, unknown>;
  if (t.kind === 'enum' && typeof value === 'number') return (t.members as string[])[value];
  return toReference(value);
}

/** Removes `encap_len` (a byte count we do not keep) from a reference TypeCode tree. */
export function stripEncapLen(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripEncapLen);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'encap_len') out[k] = stripEncapLen(x);
    return out;
  }
  return v;
}

/**
 * Deep comparison against the reference where the reference may truncate long lists with a final
 * `"... N more (see hex)"` element. Returns a path to the first difference, or undefined.
 */
export function diffReference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array`;
    const last = expected[expected.length - 1];
    const m = typeof last === 'string' ? /^\.\.\. (\d+) more/.exec(last) : null;
    const shown = m ? expected.slice(0, -1) : expected;
    const total = m ? shown.length + Number(m[1]) : expected.length;
    if (actual.length !== total) return `${path}: length ${actual.length} != ${total}`;
    for (let i = 0; i < shown.length; i++) {
      const d = diffReference(actual[i], shown[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, x] of Object.entries(expected)) {
      const d = diffReference((actual as Record<string, unknown>)[k], x, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Object.is(expected, actual) || expected === actual) return undefined;
    // The reference prints floats with Python's repr; float32 values widen differently.
    if (Math.abs(expected - actual) <= Math.abs(expected) * 1e-6) return undefined;
    return `${path}: ${actual} != ${expected}`;
  }
  return actual === expected ? undefined : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
}
