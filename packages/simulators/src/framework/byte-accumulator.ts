const CR = 0x0d;
const LF = 0x0a;

/**
 * The bytes of one message being assembled, for hand-written byte-at-a-time parsers: appends in
 * amortised O(1) into a buffer that never grows past `maxBytes`, tail checks without building a
 * string, and one latin-1 decode when the message is complete. (Appending to a string and asking
 * `endsWith` per byte makes V8 flatten the string every time: quadratic.)
 */
export class ByteAccumulator {
  private buffer: Buffer;
  private size = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be positive, got ${maxBytes}`);
    this.buffer = Buffer.allocUnsafe(Math.min(64, maxBytes));
  }

  get length(): number {
    return this.size;
  }

  /** True when another byte would exceed `maxBytes`. */
  get full(): boolean {
    return this.size >= this.maxBytes;
  }

  /** Appends one byte; returns false, appending nothing, when full. */
  push(byte: number): boolean {
    if (this.size >= this.maxBytes) return false;
    if (this.size === this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    this.buffer[this.size++] = byte;
    return true;
  }

  /** The byte at `index` (negative counts from the end), or undefined. */
  at(index: number): number | undefined {
    const i = index < 0 ? this.size + index : index;
    return i >= 0 && i < this.size ? this.buffer[i] : undefined;
  }

  /** True when the last bytes are `a` then `b`. */
  endsWithPair(a: number, b: number): boolean {
    return this.size >= 2 && this.buffer[this.size - 2] === a && this.buffer[this.size - 1] === b;
  }

  /** The bytes in [start, end) as latin-1 text. */
  text(start = 0, end = this.size): string {
    return this.buffer.toString('latin1', Math.max(0, start), Math.min(end, this.size));
  }

  /** The text without leading and trailing CR/LF bytes (one linear scan, no regular expression). */
  textTrimmingCrLf(): string {
    let start = 0;
    let end = this.size;
    while (start < end && (this.buffer[start] === CR || this.buffer[start] === LF)) start++;
    while (end > start && (this.buffer[end - 1] === CR || this.buffer[end - 1] === LF)) end--;
    return this.text(start, end);
  }

  /** Forgets the message (keeps the buffer, up to a small size, for the next one). */
  clear(): void {
    this.size = 0;
    if (this.buffer.length > 4096) this.buffer = Buffer.allocUnsafe(64);
  }
}
