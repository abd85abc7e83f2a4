import { FrameTooLongError } from '../errors/core-errors.js';
import { toBuffer, type FrameDecoder, type FrameSink, type Framer } from './framer.js';

export interface DelimiterFramerOptions {
  /** The terminator, e.g. `'\r\n'` or `'\n'`. Default CRLF. */
  delimiter?: string | Buffer;
  /** Largest frame, delimiter excluded. Default 64 KiB. */
  maxFrameBytes?: number;
  /** Keep the delimiter at the end of each frame. Default false. */
  includeDelimiter?: boolean;
}

/**
 * Line framing. Splits on an exact delimiter (a lone `\n` is no terminator under CRLF), keeps the tail,
 * and enforces the limit on complete frames and on pending data (a trailing partial delimiter is not
 * counted, so a frame of exactly the limit whose CRLF is split across chunks is fine).
 * After an overflow, input is discarded up to and including the next delimiter.
 */
export function delimiterFramer(options: DelimiterFramerOptions = {}): Framer {
  const delimiter = toBuffer(options.delimiter ?? '\r\n');
  if (delimiter.length === 0) throw new RangeError('delimiter must not be empty');
  const maxFrameBytes = options.maxFrameBytes ?? 65536;
  const includeDelimiter = options.includeDelimiter ?? false;
  return {
    name: `delimiter(${JSON.stringify(delimiter.toString('latin1'))})`,
    createDecoder: () => new DelimiterDecoder(delimiter, maxFrameBytes, includeDelimiter),
    encode: (payload) => Buffer.concat([payload, delimiter]),
  };
}

class DelimiterDecoder implements FrameDecoder {
  private tail: Buffer | undefined;
  private discarding = false;

  constructor(
    private readonly delimiter: Buffer,
    private readonly max: number,
    private readonly includeDelimiter: boolean,
  ) {}

  get pending(): number {
    return this.tail?.length ?? 0;
  }

  reset(): void {
    this.tail = undefined;
    this.discarding = false;
  }

  push(chunk: Buffer, sink: FrameSink): void {
    const delimiter = this.delimiter;
    const dlen = delimiter.length;
    let data: Buffer;
    let searchFrom = 0;
    if (this.tail) {
      // Only the last dlen-1 bytes of the tail can start a delimiter that the chunk completes.
      searchFrom = Math.max(0, this.tail.length - dlen + 1);
      data = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    } else {
      data = chunk;
    }
    let start = 0;
    for (;;) {
      const end = data.indexOf(delimiter, Math.max(start, searchFrom));
      if (end === -1) break;
      const next = end + dlen;
      if (this.discarding) {
        this.discarding = false;
      } else if (end - start > this.max) {
        if (sink.onOverflow(new FrameTooLongError(this.max)) === false) return;
      } else {
        sink.onFrame(data.subarray(start, this.includeDelimiter ? next : end));
      }
      start = next;
    }
    if (start >= data.length) return;
    const rest = data.subarray(start);
    if (this.discarding) {
      // Keep only what could be the start of the delimiter that ends the discarded frame.
      this.tail = Buffer.from(rest.subarray(Math.max(0, rest.length - dlen + 1)));
      return;
    }
    if (rest.length - partialDelimiterLength(rest, delimiter) > this.max) {
      this.discarding = true;
      this.tail = Buffer.from(rest.subarray(Math.max(0, rest.length - dlen + 1)));
      sink.onOverflow(new FrameTooLongError(this.max));
      return;
    }
    // Copy so a small tail does not pin a large received chunk.
    this.tail = data === chunk || start > 0 ? Buffer.from(rest) : rest;
  }
}

/** Length of the longest suffix of `data` that is a proper prefix of `delimiter`. */
function partialDelimiterLength(data: Buffer, delimiter: Buffer): number {
  for (let n = Math.min(delimiter.length - 1, data.length); n > 0; n--) {
    if (data.subarray(data.length - n).equals(delimiter.subarray(0, n))) return n;
  }
  return 0;
}
