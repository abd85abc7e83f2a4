import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameTooLongError } from '../errors/core-errors.js';
import { delimiterFramer } from './delimiter-framer.js';
import type { Framer } from './framer.js';

/** Feeds chunks and records what the decoder reports, frames as latin-1 strings. */
function decode(framer: Framer, chunks: Array<string | Buffer>): Array<string | { overflow: number }> {
  const decoder = framer.createDecoder();
  const out: Array<string | { overflow: number }> = [];
  for (const chunk of chunks) {
    decoder.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk, {
      onFrame: (frame) => out.push(frame.toString('latin1')),
      onOverflow: (err: FrameTooLongError) => {
        out.push({ overflow: err.limit });
      },
    });
  }
  return out;
}

/** Splits `data` at the given cut points. */
function split(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(data.subarray(last, p));
    last = p;
  }
  parts.push(data.subarray(last));
  return parts;
}

describe('delimiterFramer', () => {
  const crlf = delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 16 });

  it('splits on CRLF and keeps the remainder for the next chunk', () => {
    expect(decode(crlf, ['?a\r\n?b', 'c\r\n?d'])).toEqual(['?a', '?bc']);
  });

  it('does not treat a lone LF or CR as a terminator', () => {
    expect(decode(crlf, ['a\nb\rc\r\n'])).toEqual(['a\nb\rc']);
    expect(decode(crlf, ['x\n\r\n'])).toEqual(['x\n']);
  });

  it('finds a delimiter split across chunks', () => {
    expect(decode(crlf, ['abc\r', '\ndef\r', '\n'])).toEqual(['abc', 'def']);
  });

  it('passes every latin-1 byte through unchanged', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 13 && b !== 10));
    const framer = delimiterFramer({ maxFrameBytes: 1024 });
    const decoder = framer.createDecoder();
    const frames: Buffer[] = [];
    decoder.push(Buffer.concat([all, Buffer.from('\r\n')]), { onFrame: (f) => frames.push(Buffer.from(f)), onOverflow: () => undefined });
    expect(frames).toHaveLength(1);
    expect(frames[0]!.equals(all)).toBe(true);
  });

  it('accepts a frame of exactly the limit, also with its CRLF split', () => {
    const line = 'x'.repeat(16);
    expect(decode(crlf, [`${line}\r\n`])).toEqual([line]);
    expect(decode(crlf, [`${line}\r`, '\n'])).toEqual([line]);
  });

  it('reports a complete frame over the limit and keeps decoding', () => {
    expect(decode(crlf, [`ok\r\n${'y'.repeat(17)}\r\nnext\r\n`])).toEqual(['ok', { overflow: 16 }, 'next']);
  });

  it('reports pending data over the limit once and discards up to the next delimiter', () => {
    expect(decode(crlf, ['z'.repeat(10), 'z'.repeat(10), 'zzz', 'zz\r\nafter\r\n'])).toEqual([{ overflow: 16 }, 'after']);
  });

  it('keeps the delimiter when asked', () => {
    const lf = delimiterFramer({ delimiter: '\n', includeDelimiter: true });
    expect(decode(lf, ['a\nb\n'])).toEqual(['a\n', 'b\n']);
  });

  it('encodes by appending the delimiter', () => {
    expect(crlf.encode!(Buffer.from('?x')).toString()).toBe('?x\r\n');
  });

  it('rejects an empty delimiter', () => {
    expect(() => delimiterFramer({ delimiter: '' })).toThrow(RangeError);
  });

  it('yields the same frames for any chunking of a stream (property)', () => {
    const framer = delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 64 });
    const line = fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', ' ', '?', 'é'), maxLength: 20 }).filter((s) => !s.includes('\r\n'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(500), { maxLength: 12 }), (lines, cuts) => {
        const stream = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
        const whole = decode(framer, [stream]);
        const chunked = decode(framer, split(stream, cuts));
        expect(chunked).toEqual(whole);
        expect(whole).toEqual(lines.map((l) => Buffer.from(l, 'latin1').toString('latin1')));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never holds more than limit + delimiter bytes on arbitrary input (property)', () => {
    const framer = delimiterFramer({ delimiter: '\r\n', maxFrameBytes: 32 });
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 30 }), (chunks) => {
        const decoder = framer.createDecoder();
        for (const chunk of chunks) {
          decoder.push(Buffer.from(chunk), { onFrame: (f) => expect(f.length).toBeLessThanOrEqual(32), onOverflow: () => undefined });
          expect(decoder.pending).toBeLessThanOrEqual(34);
        }
      }),
      { numRuns: 300 },
    );
  });
});
