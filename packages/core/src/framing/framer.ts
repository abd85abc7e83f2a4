import type { FrameTooLongError } from '../errors/core-errors.js';

/** Receives what a decoder finds in the byte stream. */
export interface FrameSink {
  /** A complete frame. The buffer may share memory with the received chunk: copy it to keep it past the call. */
  onFrame(frame: Buffer): void;
  /**
   * A frame (complete or still pending) exceeded the limit. The decoder has already dropped it and,
   * for delimited framing, discards input until the next delimiter. Return `false` to stop decoding the
   * rest of the chunk (the caller is about to close the connection).
   */
  onOverflow(error: FrameTooLongError): boolean | void;
}

/** Per-connection decoding state (a `Buffer` tail or a parser). */
export interface FrameDecoder {
  /** Feed one received chunk; frames and overflows are reported to `sink` in stream order. */
  push(chunk: Buffer, sink: FrameSink): void;
  /** Bytes held back waiting for the rest of a frame. */
  readonly pending: number;
  /** Forget any partial frame. */
  reset(): void;
}

/** A framing rule: makes one decoder per connection and, optionally, frames outgoing payloads. */
export interface Framer {
  readonly name: string;
  createDecoder(): FrameDecoder;
  /** Frames an outgoing payload (adds the delimiter or length prefix). Identity when absent. */
  encode?(payload: Buffer): Buffer;
}

export type Payload = Buffer | Uint8Array | string;

/** Bytes of an outgoing payload; strings are latin-1 unless stated (the DISCOS wire encoding). */
export function toBuffer(payload: Payload, encoding: BufferEncoding = 'latin1'): Buffer {
  if (typeof payload === 'string') return Buffer.from(payload, encoding);
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}
