import { GiopProtocolError } from '../errors/tango-errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES, GIOP_HEADER_BYTES } from './constants.js';
import { decodeHeader } from './messages.js';

export interface GiopStreamDecoderOptions {
  /** Largest message (after reassembly). Default 256 MiB. */
  maxMessageBytes?: number;
  /** Most fragmented messages being reassembled at once. Default 64. */
  maxPendingFragmented?: number;
}

interface Partial {
  parts: Buffer[];
  size: number;
  header: Buffer;
}

/**
 * Splits a TCP byte stream into complete GIOP messages and reassembles fragmented ones (GIOP 1.1/1.2,
 * T-GIOP-3), so consumers only ever see whole Request/Reply/... messages. Throws `GiopProtocolError` on bad
 * magic, versions or sizes; the connection must then be closed (after a MessageError when serving).
 */
export class GiopStreamDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private readonly partials = new Map<number, Partial>();
  private readonly max: number;
  private readonly maxPending: number;

  constructor(options: GiopStreamDecoderOptions = {}) {
    this.max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxPending = options.maxPendingFragmented ?? 64;
  }

  /** Bytes held back waiting for the rest of a message. */
  get pending(): number {
    let n = this.buffered;
    for (const p of this.partials.values()) n += p.size;
    return n;
  }

  reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.partials.clear();
  }

  /** Feeds one received chunk; `onMessage` gets each complete message (a buffer it may keep). */
  push(chunk: Buffer, onMessage: (message: Buffer) => void): void {
    // The common case on a request/reply connection: nothing held back and the chunk is exactly one whole,
    // unfragmented message. Delivered as it is, without the chunk list.
    if (this.buffered === 0 && chunk.length >= GIOP_HEADER_BYTES) {
      const h = decodeHeader(chunk, this.max);
      if (chunk.length === GIOP_HEADER_BYTES + h.size && !h.moreFragments && h.type !== 'Fragment') {
        onMessage(chunk);
        return;
      }
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= GIOP_HEADER_BYTES) {
      const head = this.peek(GIOP_HEADER_BYTES);
      const h = decodeHeader(head, this.max);
      const total = GIOP_HEADER_BYTES + h.size;
      if (this.buffered < total) return;
      const message = this.take(total);
      this.deliver(message, h.moreFragments, h.type === 'Fragment', h.minor, onMessage);
    }
  }

  private deliver(message: Buffer, more: boolean, isFragment: boolean, minor: number, onMessage: (m: Buffer) => void): void {
    const little = (message[6]! & 1) === 1;
    if (!isFragment) {
      if (!more) return onMessage(message);
      // First part of a fragmented message: GIOP 1.2 Request/Reply/Locate* start with the request id.
      const key = minor === 2 && message.length >= 16 ? (little ? message.readUInt32LE(12) : message.readUInt32BE(12)) : -1;
      if (this.partials.size >= this.maxPending) throw new GiopProtocolError('too many fragmented messages in progress');
      this.partials.set(key, { parts: [message.subarray(GIOP_HEADER_BYTES)], size: message.length - GIOP_HEADER_BYTES, header: Buffer.from(message.subarray(0, GIOP_HEADER_BYTES)) });
      return;
    }
    let key = -1;
    let dataStart = GIOP_HEADER_BYTES;
    if (minor === 2) {
      if (message.length < 16) throw new GiopProtocolError('GIOP 1.2 Fragment without a request id');
      key = little ? message.readUInt32LE(12) : message.readUInt32BE(12);
      dataStart = 16;
    }
    const partial = this.partials.get(key);
    if (!partial) throw new GiopProtocolError(`Fragment for an unknown message (request id ${key})`);
    const data = message.subarray(dataStart);
    partial.size += data.length;
    if (partial.size > this.max) throw new GiopProtocolError(`fragmented GIOP message exceeds the limit of ${this.max} bytes`);
    if (data.length) partial.parts.push(data);
    if (more) return;
    this.partials.delete(key);
    const header = partial.header;
    header[6] = header[6]! & ~2;
    const headerLittle = (header[6] & 1) === 1;
    if (headerLittle) header.writeUInt32LE(partial.size, 8);
    else header.writeUInt32BE(partial.size, 8);
    onMessage(Buffer.concat([header, ...partial.parts], GIOP_HEADER_BYTES + partial.size));
  }

  private peek(n: number): Buffer {
    // Merge only the leading small chunks: a big message arriving in many chunks stays linear.
    while (this.chunks[0]!.length < n) {
      const a = this.chunks.shift()!;
      const b = this.chunks.shift()!;
      this.chunks.unshift(Buffer.concat([a, b]));
    }
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}


