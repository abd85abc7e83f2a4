import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteParserFramer, type ByteVerdict } from './byte-parser-framer.js';
import { fixedLengthFramer } from './fixed-length-framer.js';
import type { Framer } from './framer.js';
import { lengthPrefixedFramer } from './length-prefixed-framer.js';
import { rawFramer } from './raw-framer.js';

function frames(framer: Framer, chunks: Buffer[]): { frames: string[]; overflows: number } {
  const decoder = framer.createDecoder();
  const out: string[] = [];
  let overflows = 0;
  for (const chunk of chunks) {
    decoder.push(chunk, { onFrame: (f) => out.push(f.toString('hex')), onOverflow: () => void overflows++ });
  }
  return { frames: out, overflows };
}

const hex = (s: string) => Buffer.from(s, 'hex');

describe('lengthPrefixedFramer', () => {
  it('decodes big-endian 2-byte headers across chunk splits', () => {
    const framer = lengthPrefixedFramer({ headerBytes: 2 });
    expect(frames(framer, [hex('0002aa'), hex('bb0001'), hex('cc')]).frames).toEqual(['aabb', 'cc']);
  });

  it('round-trips encode/decode for any payloads and chunking (property)', () => {
    const framer = lengthPrefixedFramer({ headerBytes: 4, endian: 'little', maxFrameBytes: 1000 });
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 10 }), fc.nat(20), (payloads, step) => {
        const stream = Buffer.concat(payloads.map((p) => framer.encode!(Buffer.from(p))));
        const size = step + 1;
        const chunks: Buffer[] = [];
        for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
        expect(frames(framer, chunks).frames).toEqual(payloads.map((p) => Buffer.from(p).toString('hex')));
      }),
    );
  });

  it('reports an announced length over the limit and drops the rest', () => {
    const framer = lengthPrefixedFramer({ headerBytes: 1, maxFrameBytes: 3 });
    expect(frames(framer, [hex('01aa04bbbbbbbb01cc')])).toEqual({ frames: ['aa'], overflows: 1 });
  });

  it('can include the header in each frame', () => {
    expect(frames(lengthPrefixedFramer({ headerBytes: 1, includeHeader: true }), [hex('01aa')]).frames).toEqual(['01aa']);
  });

  it('refuses to encode a payload over the limit', () => {
    expect(() => lengthPrefixedFramer({ maxFrameBytes: 2 }).encode!(hex('aabbcc'))).toThrow(/exceeds 2 bytes/);
  });
});

describe('fixedLengthFramer', () => {
  it('delivers frames of exactly the length, holding partial data', () => {
    const decoder = fixedLengthFramer(3).createDecoder();
    const out: string[] = [];
    const sink = { onFrame: (f: Buffer) => out.push(f.toString('hex')), onOverflow: () => undefined };
    decoder.push(hex('0102030405'), sink);
    expect(decoder.pending).toBe(2);
    decoder.push(hex('06'), sink);
    expect(out).toEqual(['010203', '040506']);
  });

  it('rejects a non-positive length', () => {
    expect(() => fixedLengthFramer(0)).toThrow(RangeError);
  });
});

describe('byteParserFramer', () => {
  // A toy binary protocol: frames start with 0x02 and end with 0x03; bytes outside frames are noise.
  const stxEtx = () => {
    let inFrame = false;
    return (byte: number): ByteVerdict => {
      if (byte === 0x02) {
        inFrame = true;
        return 'restart';
      }
      if (!inFrame) return 'drop';
      if (byte === 0x03) {
        inFrame = false;
        return 'frame';
      }
      return 'continue';
    };
  };

  it('finds frames byte by byte, dropping noise and restarting on a new start flag', () => {
    const framer = byteParserFramer(stxEtx);
    expect(frames(framer, [hex('ff02aa'), hex('bb0300'), hex('02cc02dd03')]).frames).toEqual(['02aabb03', '02dd03']);
  });

  it('reports a frame over the limit and starts afresh', () => {
    const framer = byteParserFramer(stxEtx, { maxFrameBytes: 3 });
    expect(frames(framer, [hex('02aabbccdd'), hex('02ee03')])).toEqual({ frames: ['02ee03'], overflows: 1 });
  });
});

describe('rawFramer', () => {
  it('delivers each chunk as it arrived', () => {
    expect(frames(rawFramer(), [hex('01'), hex('0203')]).frames).toEqual(['01', '0203']);
  });
});
