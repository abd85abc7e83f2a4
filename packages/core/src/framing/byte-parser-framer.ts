import { FrameTooLongError } from '../errors/core-errors.js';
import type { FrameDecoder, FrameSink, Framer } from './framer.js';

/**
 * What a byte parser says about the byte it was just given:
 * - `'continue'`: part of the current frame, keep going;
 * - `'frame'`: the byte completes the current frame;
 * - `'drop'`: not part of any frame (e.g. noise before a header); the byte is discarded;
 * - `'restart'`: the byte starts a new frame, abandoning what was collected so far.
 */
export type ByteVerdict = 'continue' | 'frame' | 'drop' | 'restart';

/** A stateful per-connection parser called once per received byte. */
export type ByteParser = (byte: number) => ByteVerdict;

export interface ByteParserFramerOptions {
  /** Largest frame in bytes. Default 64 KiB. */
  maxFrameBytes?: number;
}

/**
 * Framing for binary protocols whose frame boundaries only a byte-by-byte state machine can find
 * (start/end flags, counters, checksums). `createParser` is called once per connection.
 */
export function byteParserFramer(createParser: () => ByteParser, options: ByteParserFramerOptions = {}): Framer {
  const max = options.maxFrameBytes ?? 65536;
  return { name: 'byte-parser', createDecoder: () => new ByteParserDecoder(createParser, max) };
}

class ByteParserDecoder implements FrameDecoder {
  private parser: ByteParser;
  private frame: number[] = [];

  constructor(
    private readonly createParser: () => ByteParser,
    private readonly max: number,
  ) {
    this.parser = createParser();
  }

  get pending(): number {
    return this.frame.length;
  }

  reset(): void {
    this.frame = [];
    this.parser = this.createParser();
  }

  push(chunk: Buffer, sink: FrameSink): void {
    for (const byte of chunk) {
      const verdict = this.parser(byte);
      if (verdict === 'drop') continue;
      if (verdict === 'restart') this.frame = [];
      this.frame.push(byte);
      if (verdict === 'frame') {
        const frame = Buffer.from(this.frame);
        this.frame = [];
        sink.onFrame(frame);
      } else if (this.frame.length > this.max) {
        this.reset();
        if (sink.onOverflow(new FrameTooLongError(this.max)) === false) return;
      }
    }
  }
}
