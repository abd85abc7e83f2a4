import type { AttributeReading } from '../client/attribute-data.js';
import { CmdArgType } from '../idl/enums.js';
import { TangoValueError } from '../errors/tango-errors.js';

/** JSON-safe form: bigint → number when exact else string, typed arrays → arrays, Dates → ISO strings. */
export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Date) return v.toISOString();
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, toJsonValue);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}

/** A value on one line: scalars as is, lists `[a, b, …]` (shortened beyond 20 items). */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(no value)';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) {
    const items = Array.from(v as unknown as ArrayLike<unknown>);
    const shown = items.slice(0, 20).map(formatValue).join(', ');
    return `[${shown}${items.length > 20 ? `, … (${items.length} items)` : ''}]`;
  }
  return JSON.stringify(toJsonValue(v));
}

/** A DevEnum index as its label, or the list of labels of a spectrum; undefined when not an enum value. */
export function enumLabelOf(v: unknown, labels: readonly string[] | undefined): string | string[] | undefined {
  if (!labels?.length || v === undefined) return undefined;
  const one = (x: unknown): string => (typeof x === 'number' && labels[x] !== undefined ? labels[x] : String(x));
  if (typeof v === 'number') return one(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v as unknown as ArrayLike<unknown>, one);
  return undefined;
}

/** Like `formatValue`, but a DevEnum value with labels reads `READY (2)` (spectra: `[ON (1), OFF (0)]`). */
export function formatAttributeValue(v: unknown, labels?: readonly string[]): string {
  if (!labels?.length) return formatValue(v);
  const withLabel = (x: unknown): string => (typeof x === 'number' && labels[x] !== undefined ? `${labels[x]} (${x})` : formatValue(x));
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return formatValue(Array.from(v as unknown as ArrayLike<unknown>, withLabel));
  return v === undefined ? formatValue(v) : withLabel(v);
}

export function readingToJson(name: string, r: AttributeReading, labels?: readonly string[]): Record<string, unknown> {
  const label = enumLabelOf(r.value, labels);
  const writeLabel = enumLabelOf(r.writeValue, labels);
  return {
    name,
    value: toJsonValue(r.value),
    ...(label !== undefined ? { label } : {}),
    ...(writeLabel !== undefined ? { writeLabel } : {}),
    ...(r.writeValue !== undefined ? { writeValue: toJsonValue(r.writeValue) } : {}),
    quality: r.quality,
    time: r.time.toISOString(),
    ...(r.format !== 'SCALAR' ? { dim: r.dim } : {}),
    ...(r.error ? { error: { reason: r.error.reason, desc: r.error.errors[0]?.desc } } : {}),
  };
}

const INTEGER_TYPES: Set<number> = new Set([CmdArgType.DevShort, CmdArgType.DevLong, CmdArgType.DevUShort, CmdArgType.DevULong, CmdArgType.DevUChar, CmdArgType.DevEnum]);
const BIG_TYPES: Set<number> = new Set([CmdArgType.DevLong64, CmdArgType.DevULong64]);
const FLOAT_TYPES: Set<number> = new Set([CmdArgType.DevFloat, CmdArgType.DevDouble]);

function scalarFrom(text: string, type: number): unknown {
  if (type === CmdArgType.DevBoolean) {
    if (/^(true|1|on|yes)$/i.test(text)) return true;
    if (/^(false|0|off|no)$/i.test(text)) return false;
    throw new TangoValueError(`${JSON.stringify(text)} is not a boolean`);
  }
  if (BIG_TYPES.has(type)) {
    if (!/^-?\d+$/.test(text)) throw new TangoValueError(`${JSON.stringify(text)} is not an integer`);
    return BigInt(text);
  }
  if (INTEGER_TYPES.has(type)) {
    if (!/^-?\d+$/.test(text)) throw new TangoValueError(`${JSON.stringify(text)} is not an integer`);
    return Number(text);
  }
  if (FLOAT_TYPES.has(type)) {
    const n = Number(text);
    if (text.trim() === '' || (Number.isNaN(n) && text !== 'NaN')) throw new TangoValueError(`${JSON.stringify(text)} is not a number`);
    return n;
  }
  return text;
}

const ELEMENT_OF: Partial<Record<number, number>> = {
  [CmdArgType.DevVarCharArray]: CmdArgType.DevUChar,
  [CmdArgType.DevVarShortArray]: CmdArgType.DevShort,
  [CmdArgType.DevVarLongArray]: CmdArgType.DevLong,
  [CmdArgType.DevVarFloatArray]: CmdArgType.DevFloat,
  [CmdArgType.DevVarDoubleArray]: CmdArgType.DevDouble,
  [CmdArgType.DevVarUShortArray]: CmdArgType.DevUShort,
  [CmdArgType.DevVarULongArray]: CmdArgType.DevULong,
  [CmdArgType.DevVarStringArray]: CmdArgType.DevString,
  [CmdArgType.DevVarBooleanArray]: CmdArgType.DevBoolean,
  [CmdArgType.DevVarLong64Array]: CmdArgType.DevLong64,
  [CmdArgType.DevVarULong64Array]: CmdArgType.DevULong64,
};

/** A JSON array (`[1,2]`) or comma-separated list (`1,2`) as strings. */
function listItems(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      throw new TangoValueError(`${JSON.stringify(text)} is not a JSON array`);
    }
    if (!Array.isArray(parsed)) throw new TangoValueError(`${JSON.stringify(text)} is not a JSON array`);
    return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  }
  return t === '' ? [] : t.split(',').map((s) => s.trim());
}

/** Parses a command argument from the command line for a CmdArgType. */
export function parseCommandArg(text: string, type: number): unknown {
  const element = ELEMENT_OF[type];
  if (element !== undefined) return listItems(text).map((s) => scalarFrom(s, element));
  if (type === CmdArgType.DevVarLongStringArray || type === CmdArgType.DevVarDoubleStringArray) {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch {
      throw new TangoValueError(`expected JSON like {"${type === CmdArgType.DevVarLongStringArray ? 'lvalue' : 'dvalue'}":[1],"svalue":["a"]}`);
    }
    return o;
  }
  if (type === CmdArgType.DevState) return text.toUpperCase();
  return scalarFrom(text, type);
}

/** Parses a value to write to an attribute of `dataType` and `format`. Images take JSON rows `[[1,2],[3,4]]`. */
export function parseAttributeValue(text: string, dataType: number, format: string): unknown {
  if (format === 'SCALAR') return dataType === CmdArgType.DevState ? text.toUpperCase() : scalarFrom(text, dataType);
  if (format === 'IMAGE') {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch {
      throw new TangoValueError('an image value is JSON rows, e.g. [[1,2],[3,4]]');
    }
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw new TangoValueError('an image value is JSON rows, e.g. [[1,2],[3,4]]');
    return (rows as unknown[][]).map((row) => row.map((x) => scalarFrom(typeof x === 'string' ? x : String(x), dataType)));
  }
  return listItems(text).map((s) => scalarFrom(s, dataType));
}
