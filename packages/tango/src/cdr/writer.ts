import { CdrEncodeError } from '../errors/tango-errors.js';

const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A little-endian CDR writer into a growing buffer. Padding is written as zeros (the golden vectors'
 * `normalized_hex`). `originOffset` is the alignment offset of position 0 (4 for ZMQ event data frames,
 * T-CDR-2); GIOP messages and encapsulations start at 0.
 */
export class CdrWriter {
  private buf: Buffer;
  private len = 0;
  readonly little = true;

  constructor(
    initialSize = 256,
    readonly originOffset = 0,
  ) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.len;
  }

  /** The bytes written so far (a view; copy to keep it past further writes). */
  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** The bytes written so far as an exactly-sized copy-free view of the internal buffer. */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Drops everything after `length` (used to undo the 8-alignment of an empty GIOP 1.2 body). */
  truncate(length: number): void {
    if (length < this.len) this.len = length;
  }

  private reserve(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  align(n: number): void {
    const rel = this.len + this.originOffset;
    const pad = (n - (rel % n)) % n;
    if (pad) {
      this.reserve(pad);
      // At most 7 bytes: a loop beats Buffer#fill's argument handling on the per-request path.
      for (let i = 0; i < pad; i++) this.buf[this.len++] = 0;
    }
  }

  octet(v: number): void {
    this.reserve(1);
    this.buf[this.len++] = v & 0xff;
  }

  boolean(v: boolean): void {
    this.octet(v ? 1 : 0);
  }

  short(v: number): void {
    this.align(2);
    this.reserve(2);
    this.buf.writeInt16LE(checkInt(v, -0x8000, 0x7fff, 'short'), this.len);
    this.len += 2;
  }

  ushort(v: number): void {
    this.align(2);
    this.reserve(2);
    this.buf.writeUInt16LE(checkInt(v, 0, 0xffff, 'unsigned short'), this.len);
    this.len += 2;
  }

  long(v: number): void {
    this.align(4);
    this.reserve(4);
    this.buf.writeInt32LE(checkInt(v, -0x80000000, 0x7fffffff, 'long'), this.len);
    this.len += 4;
  }

  ulong(v: number): void {
    this.align(4);
    this.reserve(4);
    checkInt(v, 0, 0xffffffff, 'unsigned long');
    const b = this.buf;
    let at = this.len;
    b[at++] = v & 0xff;
    b[at++] = (v >>> 8) & 0xff;
    b[at++] = (v >>> 16) & 0xff;
    b[at++] = v >>> 24;
    this.len = at;
  }

  longlong(v: bigint | number): void {
    this.align(8);
    this.reserve(8);
    const b = toBigInt(v, 'long long');
    if (b < -(1n << 63n) || b >= 1n << 63n) throw new CdrEncodeError(`${b} is out of range for long long`);
    this.buf.writeBigInt64LE(b, this.len);
    this.len += 8;
  }

  ulonglong(v: bigint | number): void {
    this.align(8);
    this.reserve(8);
    const b = toBigInt(v, 'unsigned long long');
    if (b < 0n || b >= 1n << 64n) throw new CdrEncodeError(`${b} is out of range for unsigned long long`);
    this.buf.writeBigUInt64LE(b, this.len);
    this.len += 8;
  }

  float(v: number): void {
    this.align(4);
    this.reserve(4);
    this.buf.writeFloatLE(checkNumber(v, 'float'), this.len);
    this.len += 4;
  }

  double(v: number): void {
    this.align(8);
    this.reserve(8);
    this.buf.writeDoubleLE(checkNumber(v, 'double'), this.len);
    this.len += 8;
  }

  /** Latin-1 string with its NUL; characters above U+00FF are rejected rather than corrupted. */
  string(s: string): void {
    if (typeof s !== 'string') throw new CdrEncodeError(`expected a string, got ${typeof s}`);
    const n = s.length;
    if (n <= 64) {
      // Short strings (names, operations): one pass checks Latin-1 and copies, no regex or native call.
      this.ulong(n + 1);
      this.reserve(n + 1);
      const b = this.buf;
      let at = this.len;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0xff) throw new CdrEncodeError(`string contains characters outside Latin-1: ${JSON.stringify(s.slice(0, 40))}`);
        b[at++] = c;
      }
      b[at++] = 0;
      this.len = at;
      return;
    }
    // eslint-disable-next-line no-control-regex
    if (/[^\u0000-\u00ff]/.test(s)) throw new CdrEncodeError(`string contains characters outside Latin-1: ${JSON.stringify(s.slice(0, 40))}`);
    this.ulong(n + 1);
    this.reserve(n + 1);
    this.buf.write(s, this.len, 'latin1');
    this.len += n;
    this.buf[this.len++] = 0;
  }

  /** Raw bytes, no count. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.reserve(n);
    if (n <= 32) {
      const b = this.buf;
      let at = this.len;
      for (let i = 0; i < n; i++) b[at++] = bytes[i]!;
      this.len = at;
      return;
    }
    this.buf.set(bytes, this.len);
    this.len += n;
  }

  octets(bytes: Uint8Array): void {
    this.ulong(bytes.length);
    this.raw(bytes);
  }

  sequence<T>(items: readonly T[], writeElement: (w: CdrWriter, item: T) => void): void {
    this.ulong(items.length);
    for (const item of items) writeElement(this, item);
  }

  stringSeq(items: readonly string[]): void {
    this.sequence(items, (w, s) => w.string(s));
  }

  booleanSeq(items: ArrayLike<boolean>): void {
    this.ulong(items.length);
    for (let i = 0; i < items.length; i++) this.boolean(Boolean(items[i]));
  }

  private numericSeq(
    items: ArrayLike<number> | ArrayLike<bigint>,
    size: number,
    ctor: { new (length: number): ArrayLike<number | bigint> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }; name: string },
    writeOne: (v: never) => void,
  ): void {
    const n = items.length;
    this.ulong(n);
    if (n === 0) return;
    this.align(size);
    if (hostLittle && items instanceof ctor) {
      const typed = items as unknown as ArrayBufferView;
      this.raw(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
      return;
    }
    for (let i = 0; i < n; i++) writeOne(items[i] as never);
  }

  shortSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 2, Int16Array, (v: number) => this.short(v));
  }
  ushortSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 2, Uint16Array, (v: number) => this.ushort(v));
  }
  longSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 4, Int32Array, (v: number) => this.long(v));
  }
  ulongSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 4, Uint32Array, (v: number) => this.ulong(v));
  }
  floatSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 4, Float32Array, (v: number) => this.float(v));
  }
  doubleSeq(items: ArrayLike<number>): void {
    this.numericSeq(items, 8, Float64Array, (v: number) => this.double(v));
  }
  longlongSeq(items: ArrayLike<bigint | number>): void {
    this.numericSeq(items as ArrayLike<bigint>, 8, BigInt64Array, (v: bigint) => this.longlong(v));
  }
  ulonglongSeq(items: ArrayLike<bigint | number>): void {
    this.numericSeq(items as ArrayLike<bigint>, 8, BigUint64Array, (v: bigint) => this.ulonglong(v));
  }
  octetSeq(items: ArrayLike<number>): void {
    if (items instanceof Uint8Array) return this.octets(items);
    this.ulong(items.length);
    for (let i = 0; i < items.length; i++) this.octet(checkInt(items[i]!, 0, 255, 'octet'));
  }

  /** Writes `sequence<octet>` holding an encapsulation (byte-order octet + what `body` writes). */
  encapsulation(body: (w: CdrWriter) => void): void {
    const inner = new CdrWriter(64);
    inner.octet(1);
    body(inner);
    this.octets(inner.view());
  }

  /** Overwrites a ulong already written at `offset` (message sizes). */
  patchUlong(offset: number, v: number): void {
    this.buf.writeUInt32LE(v, offset);
  }
}

function checkInt(v: number, min: number, max: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new CdrEncodeError(`${String(v)} is not a valid ${what}`);
  }
  return v;
}

function checkNumber(v: number, what: string): number {
  if (typeof v !== 'number') throw new CdrEncodeError(`${String(v)} is not a valid ${what}`);
  return v;
}

function toBigInt(v: bigint | number, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new CdrEncodeError(`${String(v)} is not a valid ${what}`);
}
