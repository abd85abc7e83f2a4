import { describe, expect, it } from 'vitest';
import { crlfLineParser } from './crlf-line-parser.js';
import { DeviceError } from './device-error.js';
import type { Parser, ParseResult } from './types.js';

/** Feeds `text` (latin-1) byte by byte; returns the non-`true` results. */
function feed(parser: Parser, text: string): ParseResult[] {
  const out: ParseResult[] = [];
  for (const b of Buffer.from(text, 'latin1')) {
    const r = parser.parse(b) as ParseResult;
    if (r !== true) out.push(r);
  }
  return out;
}

describe('crlfLineParser', () => {
  it('ends a line only at CR LF: a bare LF or CR stays inside it', () => {
    const parser = crlfLineParser((line) => `<${line}>`, { maxBytes: 64, text: 'whole', tooLongMessage: 'long' });
    expect(feed(parser, 'a\nb\rc\r\nd\r\n')).toEqual(['<a\nb\rc\r\n>', '<d\r\n>']);
  });

  it("'trimmed' strips leading and trailing CR/LF bytes", () => {
    const parser = crlfLineParser((line) => `<${line}>`, { maxBytes: 64, text: 'trimmed', tooLongMessage: 'long' });
    expect(feed(parser, '\n\rab\n\r\n')).toEqual(['<ab>']);
  });

  it('holds maxBytes before the LF (CR included), drops one byte more with DeviceError and keeps parsing', () => {
    const parser = crlfLineParser((line) => `<${line}>`, { maxBytes: 4, text: 'trimmed', tooLongMessage: 'too long' });
    expect(feed(parser, 'abc\r\n')).toEqual(['<abc>']);
    expect(() => feed(parser, 'abcd\r')).toThrow(DeviceError);
    expect(feed(parser, 'xy\r\n')).toEqual(['<xy>']);
    expect(feed(parser, 'abcd')).toEqual([]);
    expect(() => parser.parse(0x65)).toThrow(new DeviceError('too long'));
    expect(feed(parser, 'xy\r\n')).toEqual(['<xy>']);
  });
});
