import type { FrameDecoder, FrameSink, Framer } from './framer.js';

export interface RawFramerOptions {
  /**
   * Deliver a received chunk in slices of at most this many bytes (default: whole chunks, up to 64 KiB).
   * Small slices let a server's per-turn budget yield inside one large chunk.
   */
  maxChunkBytes?: number;
}

/**
 * No framing: every received chunk is delivered as it arrived (or in slices of `maxChunkBytes`). For
 * protocols that parse the stream themselves (e.g. byte-at-a-time device simulators that answer per byte).
 */
export function rawFramer(options: RawFramerOptions = {}): Framer {
  const max = options.maxChunkBytes;
  if (max === undefined) return { name: 'raw', createDecoder: () => rawDecoder };
  if (!(Number.isInteger(max) && max > 0)) throw new RangeError(`maxChunkBytes must be a positive integer, got ${max}`);
  return { name: `raw(${max})`, createDecoder: () => slicingDecoder(max) };
}

const rawDecoder: FrameDecoder = {
  pending: 0,
  reset() {},
  push(chunk: Buffer, sink: FrameSink) {
    sink.onFrame(chunk);
  },
};

function slicingDecoder(max: number): FrameDecoder {
  return {
    pending: 0,
    reset() {},
    push(chunk: Buffer, sink: FrameSink) {
      if (chunk.length <= max) {
        sink.onFrame(chunk);
        return;
      }
      for (let start = 0; start < chunk.length; start += max) sink.onFrame(chunk.subarray(start, start + max));
    },
  };
}
