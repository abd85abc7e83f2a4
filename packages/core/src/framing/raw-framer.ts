import type { FrameDecoder, FrameSink, Framer } from './framer.js';

/**
 * No framing: every received chunk is delivered as it arrived. For protocols that parse the stream
 * themselves (e.g. byte-at-a-time device simulators that answer per byte).
 */
export function rawFramer(): Framer {
  return { name: 'raw', createDecoder: () => rawDecoder };
}

const rawDecoder: FrameDecoder = {
  pending: 0,
  reset() {},
  push(chunk: Buffer, sink: FrameSink) {
    sink.onFrame(chunk);
  },
};
