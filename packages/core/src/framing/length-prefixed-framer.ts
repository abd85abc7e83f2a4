import { FrameTooLongError } from '../errors/core-errors.js';
import type { FrameDecoder, FrameSink, Framer } from './framer.js';

export interface LengthPrefixedFramerOptions {
  /** Size of the unsigned length header: 1, 2 or 4 bytes. Default 4. */
  headerBytes?: 1 | 2 | 4;
  /** Byte order of the header. Default big-endian. */
  endian?: 'big' | 'little';
  /** Largest payload. Default 1 MiB. */
  maxFrameBytes?: number;
  /** Deliver header + payload instead of the payload alone. Default false. */
  includeHeader?: boolean;
}

/**
 * Frames preceded by an unsigned length header. An announced length over the limit is an overflow;
 * the stream cannot be resynchronised, so the decoder drops everything after it.
 */
export function lengthPrefixedFramer(options: LengthPrefixedFramerOptions = {}): Framer {
  const headerBytes = options.headerBytes ?? 4;
  const little = options.endian === 'little';
  const maxFrameBytes = Math.min(options.maxFrameBytes ?? 1 << 20, 2 ** (8 * headerBytes) - 1);
  const readLength = (buf: Buffer): number =>
    headerBytes === 1 ? buf.readUInt8(0) : headerBytes === 2 ? (little ? buf.readUInt16LE(0) : buf.readUInt16BE(0)) : little ? buf.readUInt32LE(0) : buf.readUInt32BE(0);
  return {
    name: `length-prefixed(${headerBytes})`,
    createDecoder: () => new LengthPrefixedDecoder(headerBytes, maxFrameBytes, options.includeHeader ?? false, readLength),
    encode(payload) {
      if (payload.length > maxFrameBytes) throw new FrameTooLongError(maxFrameBytes);
      const header = Buffer.alloc(headerBytes);
      if (headerBytes === 1) header.writeUInt8(payload.length);
      else if (headerBytes === 2) header[little ? 'writeUInt16LE' : 'writeUInt16BE'](payload.length);
      else header[little ? 'writeUInt32LE' : 'writeUInt32BE'](payload.length);
      return Buffer.concat([header, payload]);
    },
  };
}

class LengthPrefixedDecoder implements FrameDecoder {
  private tail: Buffer = Buffer.alloc(0);
  private broken = false;

  constructor(
    private readonly headerBytes: number,
    private readonly max: number,
    private readonly includeHeader: boolean,
    private readonly readLength: (buf: Buffer) => number,
  ) {}

  get pending(): number {
    return this.tail.length;
  }

  reset(): void {
    this.tail = Buffer.alloc(0);
    this.broken = false;
  }

  push(chunk: Buffer, sink: FrameSink): void {
    if (this.broken) return;
    let data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    while (data.length >= this.headerBytes) {
      const length = this.readLength(data);
      if (length > this.max) {
        this.broken = true;
        this.tail = Buffer.alloc(0);
        sink.onOverflow(new FrameTooLongError(this.max));
        return;
      }
      const total = this.headerBytes + length;
      if (data.length < total) break;
      sink.onFrame(data.subarray(this.includeHeader ? 0 : this.headerBytes, total));
      data = data.subarray(total);
    }
    this.tail = Buffer.from(data);
  }
}
