import type { FrameDecoder, FrameSink, Framer } from './framer.js';

/** Frames of exactly `length` bytes each (binary status records, fixed commands). */
export function fixedLengthFramer(length: number): Framer {
  if (!Number.isInteger(length) || length <= 0) throw new RangeError('length must be a positive integer');
  return { name: `fixed(${length})`, createDecoder: () => new FixedLengthDecoder(length) };
}

class FixedLengthDecoder implements FrameDecoder {
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly length: number) {}

  get pending(): number {
    return this.tail.length;
  }

  reset(): void {
    this.tail = Buffer.alloc(0);
  }

  push(chunk: Buffer, sink: FrameSink): void {
    let data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    while (data.length >= this.length) {
      sink.onFrame(data.subarray(0, this.length));
      data = data.subarray(this.length);
    }
    this.tail = Buffer.from(data);
  }
}
