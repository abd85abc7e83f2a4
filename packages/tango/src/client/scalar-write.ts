import { CdrWriter } from '../cdr/writer.js';
import { CmdArgType } from '../idl/enums.js';
import { operations } from '../idl/operations.js';
import type { AttributeConfig_5 } from '../idl/structs.js';
import { writeValueFor } from './attribute-data.js';

/** How one numeric scalar type sits in a write: element size, the accepted range and how to store it. */
interface ScalarKind {
  size: number;
  integer: boolean;
  min: number;
  max: number;
  put(buf: Buffer, offset: number, v: number): void;
}

const KINDS: Partial<Record<number, ScalarKind>> = {
  [CmdArgType.DevDouble]: { size: 8, integer: false, min: -Infinity, max: Infinity, put: (b, o, v) => void b.writeDoubleLE(v, o) },
  [CmdArgType.DevFloat]: { size: 4, integer: false, min: -Infinity, max: Infinity, put: (b, o, v) => void b.writeFloatLE(v, o) },
  [CmdArgType.DevLong]: { size: 4, integer: true, min: -0x80000000, max: 0x7fffffff, put: (b, o, v) => void b.writeInt32LE(v, o) },
  [CmdArgType.DevULong]: { size: 4, integer: true, min: 0, max: 0xffffffff, put: (b, o, v) => void b.writeUInt32LE(v, o) },
  [CmdArgType.DevShort]: { size: 2, integer: true, min: -0x8000, max: 0x7fff, put: (b, o, v) => void b.writeInt16LE(v, o) },
  [CmdArgType.DevUShort]: { size: 2, integer: true, min: 0, max: 0xffff, put: (b, o, v) => void b.writeUInt16LE(v, o) },
};

/**
 * The encoded `write_attributes_4` arguments of one numeric scalar attribute, with the place of its value: a
 * write then copies these bytes and stores the number, instead of building and encoding an `AttributeValue_4`
 * (T-IDL-4). The layout is fixed for a scalar of a given type, so it is derived once per attribute config.
 */
export interface ScalarWriteTemplate {
  readonly config: AttributeConfig_5;
  /** The arguments as written at an 8-aligned offset, with 0 as the value. */
  readonly body: Uint8Array;
  /** Offset of the value inside `body`. */
  readonly valueOffset: number;
  readonly kind: ScalarKind;
}

function encode(config: AttributeConfig_5, value: number, clIdent: { CPP: number }): Buffer {
  const w = new CdrWriter(128 + config.name.length);
  operations.write_attributes_4.args.write(w, { values: [writeValueFor(config, value)], cl_ident: clIdent });
  return Buffer.from(w.view());
}

/** The template for a numeric scalar attribute; undefined for every other kind of attribute. */
export function scalarWriteTemplate(config: AttributeConfig_5, clIdent: { CPP: number }): ScalarWriteTemplate | undefined {
  const kind = config.data_format === 'SCALAR' ? KINDS[config.data_type] : undefined;
  if (!kind) return undefined;
  const body = encode(config, 0, clIdent);
  // After the value count, the union discriminant and the one-element sequence's length comes the element,
  // aligned to its size.
  const valueOffset = Math.ceil(12 / kind.size) * kind.size;
  // Self-check against the general encoder: only the value's bytes may differ for another value.
  const probe = encode(config, 1, clIdent);
  const patched = Buffer.from(body);
  kind.put(patched, valueOffset, 1);
  if (!patched.equals(probe)) return undefined;
  return { config, body, valueOffset, kind };
}

/** Whether `value` can be written through `t` (anything else takes the general path and its error messages). */
export function fitsTemplate(t: ScalarWriteTemplate, value: unknown): value is number {
  if (typeof value !== 'number') return false;
  const k = t.kind;
  if (!k.integer) return true;
  return Number.isInteger(value) && value >= k.min && value <= k.max;
}
