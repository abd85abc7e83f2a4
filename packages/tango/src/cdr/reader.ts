import { CdrDecodeError } from '../errors/tango-errors.js';

/** Deepest nesting a decoder follows (TypeCodes, anys): protects the stack against crafted input. */
export const MAX_CDR_DEPTH = 32;

const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A CDR reader over one buffer. Positions are absolute buffer indexes; alignment is computed relative to
 * `origin`, which may lie before the buffer start (ZMQ event frames, T-CDR-2). Every read checks bounds
 * and every sequence count is checked against the bytes left, so a decoder never allocates more than the
 * message size.
 */
export class CdrReader {
  pos: number;
  depth = 0;

  constructor(
    readonly buf: Buffer,
    public little = true,
    start = 0,
    public origin = start,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string): never {
    throw new CdrDecodeError(message, this.pos);
  }

  need(n: number): void {
    if (n > this.end - this.pos) this.fail(`truncated: ${n} bytes needed, ${this.end - this.pos} left`);
  }

  align(n: number): void {
    const rel = this.pos - this.origin;
    const pad = (n - (rel % n)) % n;
    if (pad) {
      this.need(pad);
      this.pos += pad;
    }
  }

  octet(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  boolean(): boolean {
    const v = this.octet();
    if (v > 1) this.fail(`invalid boolean ${v}`);
    return v === 1;
  }

  char(): string {
    return String.fromCharCode(this.octet());
  }

  short(): number {
    this.align(2);
    this.need(2);
    const v = this.little ? this.buf.readInt16LE(this.pos) : this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  ushort(): number {
    this.align(2);
    this.need(2);
    const v = this.little ? this.buf.readUInt16LE(this.pos) : this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  long(): number {
    this.align(4);
    this.need(4);
    const v = this.little ? this.buf.readInt32LE(this.pos) : this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  ulong(): number {
    this.align(4);
    this.need(4);
    const v = this.little ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  longlong(): bigint {
    this.align(8);
    this.need(8);
    const v = this.little ? this.buf.readBigInt64LE(this.pos) : this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  ulonglong(): bigint {
    this.align(8);
    this.need(8);
    const v = this.little ? this.buf.readBigUInt64LE(this.pos) : this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    this.align(4);
    this.need(4);
    const v = this.little ? this.buf.readFloatLE(this.pos) : this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }

  double(): number {
    this.align(8);
    this.need(8);
    const v = this.little ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Enum ordinal, checked against the number of members. */
  enumValue(count: number, what: string): number {
    const v = this.ulong();
    if (v >= count) this.fail(`invalid ${what} ordinal ${v}`);
    return v;
  }

  /** Latin-1 string: ulong length including the NUL, bytes, NUL. A zero length (some ORBs) reads as ''. */
  string(): string {
    const len = this.ulong();
    if (len === 0) return '';
    this.need(len);
    const end = this.pos + len;
    // The terminating NUL is not part of the value; tolerate a missing one rather than losing a byte.
    const stop = this.buf[end - 1] === 0 ? end - 1 : end;
    const s = this.buf.toString('latin1', this.pos, stop);
    this.pos = end;
    return s;
  }

  /** A sequence count, checked so that `count * minElementBytes` fits in what is left. */
  count(minElementBytes: number): number {
    const n = this.ulong();
    if (n * minElementBytes > this.end - this.pos) this.fail(`sequence of ${n} elements exceeds the message`);
    return n;
  }

  /** sequence<octet> as a copy (the message buffer may be reused by the caller). */
  octets(): Buffer {
    const n = this.count(1);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Raw bytes without a count. */
  raw(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  sequence<T>(minElementBytes: number, readElement: (r: CdrReader) => T): T[] {
    const n = this.count(minElementBytes);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = readElement(this);
    return out;
  }

  stringSeq(): string[] {
    return this.sequence(4, (r) => r.string());
  }

  booleanSeq(): boolean[] {
    return this.sequence(1, (r) => r.boolean());
  }

  /**
   * The count of a numeric sequence, aligned to its elements and checked against the bytes left. The typed
   * readers below are written out per type (no shared callbacks): a read of a scalar attribute goes through one
   * of them on every call.
   */
  private numericCount(size: number): number {
    const n = this.ulong();
    if (n === 0) return 0;
    this.align(size);
    if (n * size > this.end - this.pos) this.fail(`sequence of ${n} elements exceeds the message`);
    return n;
  }

  /**
   * Whether `n` elements are copied as bytes: large sequences in the host's byte order. Small ones (scalar
   * attributes: value + set point) are read element by element into an array on V8's heap, as an explicit
   * ArrayBuffer would cost an off-heap allocation per read.
   */
  private bulk(n: number): boolean {
    return n > 8 && this.little === hostLittle;
  }

  /** Copies `bytes` bytes into a new ArrayBuffer and moves past them. */
  private bytesCopy(bytes: number): ArrayBuffer {
    const ab = new ArrayBuffer(bytes);
    new Uint8Array(ab).set(this.buf.subarray(this.pos, this.pos + bytes));
    this.pos += bytes;
    return ab;
  }

  shortSeq(): Int16Array {
    const n = this.numericCount(2);
    if (this.bulk(n)) return new Int16Array(this.bytesCopy(n * 2), 0, n);
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = this.short();
    return out;
  }
  ushortSeq(): Uint16Array {
    const n = this.numericCount(2);
    if (this.bulk(n)) return new Uint16Array(this.bytesCopy(n * 2), 0, n);
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = this.ushort();
    return out;
  }
  longSeq(): Int32Array {
    const n = this.numericCount(4);
    if (this.bulk(n)) return new Int32Array(this.bytesCopy(n * 4), 0, n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.long();
    return out;
  }
  ulongSeq(): Uint32Array {
    const n = this.numericCount(4);
    if (this.bulk(n)) return new Uint32Array(this.bytesCopy(n * 4), 0, n);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.ulong();
    return out;
  }
  floatSeq(): Float32Array {
    const n = this.numericCount(4);
    if (this.bulk(n)) return new Float32Array(this.bytesCopy(n * 4), 0, n);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.float();
    return out;
  }
  doubleSeq(): Float64Array {
    const n = this.numericCount(8);
    if (this.bulk(n)) return new Float64Array(this.bytesCopy(n * 8), 0, n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.double();
    return out;
  }
  longlongSeq(): BigInt64Array {
    const n = this.numericCount(8);
    if (this.bulk(n)) return new BigInt64Array(this.bytesCopy(n * 8), 0, n);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.longlong();
    return out;
  }
  ulonglongSeq(): BigUint64Array {
    const n = this.numericCount(8);
    if (this.bulk(n)) return new BigUint64Array(this.bytesCopy(n * 8), 0, n);
    const out = new BigUint64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.ulonglong();
    return out;
  }
  octetSeq(): Uint8Array {
    const n = this.count(1);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /**
   * Reads `sequence<octet>` holding an encapsulation and returns a reader over it (origin = its first
   * octet, byte order from that octet). The outer reader moves past it.
   */
  encapsulation(): CdrReader {
    const len = this.ulong();
    if (len < 1) this.fail('empty encapsulation');
    this.need(len);
    const start = this.pos;
    this.pos += len;
    const order = this.buf[start]!;
    if (order > 1) throw new CdrDecodeError(`invalid encapsulation byte order ${order}`, start);
    const inner = new CdrReader(this.buf, order === 1, start + 1, start, start + len);
    inner.depth = this.depth;
    return inner;
  }

  /** Asserts that everything was consumed (decoders consume exactly their bytes). */
  expectEnd(what: string): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} trailing bytes after ${what}`);
  }

  enter(): void {
    if (++this.depth > MAX_CDR_DEPTH) this.fail('nesting too deep');
  }

  leave(): void {
    this.depth--;
  }
}
