import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ReplyStatus,
  TangoError,
  decodeEventPayload,
  decodeMessage,
  decodeZmqCallInfo,
  GiopStreamDecoder,
  isKnownOperation,
  operations,
  parseIor,
  readSystemException,
  readUserException,
} from '../src/index.js';
import { loadVectors } from './support/vectors.js';

const vectors = loadVectors();
const corpus: { bytes: Buffer; op: string }[] = [];
for (const v of vectors.giop) {
  if (v.request) corpus.push({ bytes: Buffer.from(v.request.hex, 'hex'), op: v.operation ?? '' });
  if (v.reply) corpus.push({ bytes: Buffer.from(v.reply.hex, 'hex'), op: v.operation ?? '' });
}
// Keep the fuzzing fast: the 1.6 MB-class messages are not in the corpus, but the 63 kB image read is.

/** The whole client/server decode path for one message: header, body, arguments or result. */
function decodeFully(bytes: Buffer, op: string): void {
  const m = decodeMessage(bytes);
  if (m.type === 'Request' && isKnownOperation(m.operation)) operations[m.operation].args.read(m.body);
  if (m.type === 'Reply' && isKnownOperation(op)) {
    if (m.replyStatus === ReplyStatus.NO_EXCEPTION) operations[op].result.read(m.body);
    else if (m.replyStatus === ReplyStatus.USER_EXCEPTION) readUserException(m.body);
    else if (m.replyStatus === ReplyStatus.SYSTEM_EXCEPTION) readSystemException(m.body);
  }
}

function onlyTypedErrors(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof TangoError)) throw new Error(`untyped error escaped the decoder: ${String(err)}`, { cause: err });
    expect(['TANGO_DECODE', 'TANGO_PROTOCOL']).toContain(err.code);
  }
}

describe('decoder fuzzing (T-FUNC-8)', () => {
  const entry = fc.integer({ min: 0, max: corpus.length - 1 }).map((i) => corpus[i]!);

  it('truncated messages give typed errors only', () => {
    fc.assert(
      fc.property(entry, fc.double({ min: 0, max: 1, noNaN: true }), (e, f) => {
        const cut = Math.floor(e.bytes.length * f);
        const b = Buffer.from(e.bytes.subarray(0, cut));
        // Keep the header size consistent so the body decoders see the truncation.
        if (b.length >= 12) b.writeUInt32LE(b.length - 12, 8);
        onlyTypedErrors(() => decodeFully(b, e.op));
      }),
      { numRuns: 1500 },
    );
  });

  it('bit flips give typed errors or a decoded value', () => {
    fc.assert(
      fc.property(entry, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), (e, flips) => {
        const b = Buffer.from(e.bytes);
        for (const [pos, bit] of flips) {
          const i = 12 + (pos % Math.max(1, b.length - 12));
          if (i < b.length) b[i] = b[i]! ^ (1 << bit);
        }
        onlyTypedErrors(() => decodeFully(b, e.op));
      }),
      { numRuns: 3000 },
    );
  });

  it('huge lengths and counts are rejected before any allocation', () => {
    fc.assert(
      fc.property(entry, fc.nat(), fc.constantFrom(0xffffffff, 0x7fffffff, 0x10000000, 0x00ffffff), (e, at, huge) => {
        const b = Buffer.from(e.bytes);
        const slot = 12 + 4 * (at % Math.max(1, Math.floor((b.length - 16) / 4)));
        if (slot + 4 <= b.length) b.writeUInt32LE(huge, slot);
        const before = process.memoryUsage().arrayBuffers;
        onlyTypedErrors(() => decodeFully(b, e.op));
        // Everything a decoder allocates is bounded by the message size (count checks precede allocation).
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
      }),
      { numRuns: 1500 },
    );
  });

  it('random garbage through the stream decoder gives typed errors only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.boolean(), (bytes, withMagic) => {
        const b = Buffer.from(bytes);
        if (withMagic && b.length >= 8) b.write('GIOP\x01\x02', 0, 'latin1');
        const d = new GiopStreamDecoder({ maxMessageBytes: 1 << 20 });
        onlyTypedErrors(() => d.push(b, (m) => decodeFully(m, 'read_attributes_5')));
      }),
      { numRuns: 2000 },
    );
  });

  it('an announced size over the limit is refused without buffering', () => {
    const d = new GiopStreamDecoder({ maxMessageBytes: 1024 });
    const header = Buffer.from('47494f5001020101ffffff7f', 'hex');
    expect(() => d.push(header, () => undefined)).toThrow(expect.objectContaining({ code: 'TANGO_PROTOCOL' }));
  });

  it('mutated IORs and event frames give typed errors only', () => {
    const iors = vectors.iors.map((v) => v.ior);
    const frames = vectors.zmq.filter((z) => z.frames.length === 4).map((z) => z.frames.map((h) => Buffer.from(h, 'hex')));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (i, pos, byte) => {
        const ior = iors[i % iors.length]!;
        const hexPos = 4 + 2 * (pos % ((ior.length - 4) / 2));
        const mutated = ior.slice(0, hexPos) + byte.toString(16).padStart(2, '0') + ior.slice(hexPos + 2);
        onlyTypedErrors(() => parseIor(mutated));
        const f = frames[i % frames.length]!;
        const data = Buffer.from(f[3]!);
        data[pos % data.length] = byte;
        onlyTypedErrors(() => decodeEventPayload(data, true, 'AttributeValue_5'));
        const info = Buffer.from(f[2]!);
        info[pos % info.length] = byte;
        onlyTypedErrors(() => decodeZmqCallInfo(info, true));
      }),
      { numRuns: 2000 },
    );
  });
});
