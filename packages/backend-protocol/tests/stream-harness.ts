import { delimiterFramer, type TimeoutClock } from '@observatory/core';
import { BackendProtocolHandler, MAX_LINE_BYTES, SimulatorBackend, createLineProcessor } from '../src/index.js';

/** A clock frozen in time, so replies are deterministic. */
export const frozenClock: TimeoutClock = {
  now: () => 1795238653948.709,
  setTimeout: () => 0,
  clearTimeout: () => undefined,
};

/**
 * Runs a byte stream, split into the given chunks, through the server's exact pipeline (core's CRLF
 * decoder with the protocol limit, then the line processor) and returns what the server would send.
 * An overflow appends `<close>` and stops, as the server closes the connection.
 */
export function runStream(chunks: readonly Uint8Array[]): string[] {
  const handler = new BackendProtocolHandler(new SimulatorBackend({ clock: frozenClock, random: () => 0.5 }));
  const process = createLineProcessor({ handler });
  const decoder = delimiterFramer({ delimiter: '\r\n', maxFrameBytes: MAX_LINE_BYTES }).createDecoder();
  const out: string[] = [];
  let closed = false;
  for (const chunk of chunks) {
    if (closed) break;
    decoder.push(Buffer.from(chunk), {
      onFrame: (frame) => {
        const result = process(Buffer.from(frame));
        if (result instanceof Promise) throw new Error('the simulator pipeline must stay synchronous');
        if (result) out.push(result.toString('latin1'));
      },
      onOverflow: () => {
        closed = true;
        out.push('<close>');
        return false;
      },
    });
  }
  return out;
}

/** Splits `bytes` at the given (sorted, deduplicated) cut points. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  parts.push(bytes.subarray(start));
  return parts;
}
