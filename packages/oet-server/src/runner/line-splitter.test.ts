import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function split(chunks: Buffer[], max: number): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  const splitter = new LineSplitter(max, (line, cut) => out.push([line, cut]));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

/** Cuts `data` at the given offsets. */
const chunked = (data: Buffer, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(data.subarray(from, p));
    from = p;
  }
  chunks.push(data.subarray(from));
  return chunks;
};

describe('LineSplitter', () => {
  it('splits on newlines, drops a CR before LF, and flushes the tail at the end', () => {
    expect(split([Buffer.from('a\r\nbb\nccc')], 100)).toEqual([
      ['a', false],
      ['bb', false],
      ['ccc', false],
    ]);
  });

  it('cuts a long line into flagged pieces of at most maxLineBytes', () => {
    expect(split([Buffer.from('abcdefgh'), Buffer.from('ij\nk\n')], 4)).toEqual([
      ['abcd', true],
      ['efgh', true],
      ['ij', false],
      ['k', false],
    ]);
  });

  it('any chunking of a stream yields the same lines, none longer than the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 1, max: 50 }), (bytes, cuts, max) => {
        const data = Buffer.from(bytes.map((b) => (b % 5 === 0 ? 0x0a : 0x61 + (b % 26))));
        const whole = split([data], max);
        expect(split(chunked(data, cuts), max)).toEqual(whole);
        for (const [line] of whole) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(max);
      }),
    );
  });

  it('keeps a multi-byte character whole when a chunk ends inside it', () => {
    const data = Buffer.from('é€\n');
    expect(split([data.subarray(0, 1), data.subarray(1, 3), data.subarray(3)], 100)).toEqual([['é€', false]]);
  });
});
