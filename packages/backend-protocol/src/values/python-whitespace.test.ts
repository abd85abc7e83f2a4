import { describe, expect, test } from 'vitest';
import { isPythonSpace, pyLStrip, pyRStrip, pySplit, pyStrip } from './python-whitespace.js';

describe('Python whitespace', () => {
  test('the latin-1 part of str.isspace() differs from JS \\s', () => {
    const python = Array.from({ length: 256 }, (_, c) => c).filter(isPythonSpace);
    expect(python).toEqual([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0]);
    expect(isPythonSpace(0xfeff)).toBe(false); // in JS \s, not in Python
    expect(isPythonSpace(0x3000)).toBe(true);
  });

  test.each([
    ['\x1cV\n', 'V'],
    ['\x85 a b\xa0\x1f', 'a b'],
    ['\ufeffa', '\ufeffa'],
    ['', ''],
    [' \t ', ''],
  ])('strip %j → %j', (text, stripped) => {
    expect(pyStrip(text)).toBe(stripped);
  });

  test('strip with characters, lstrip and rstrip', () => {
    expect(pyStrip('??ATT 01??', '?')).toBe('ATT 01');
    expect(pyLStrip('##CMD 1#', '#')).toBe('CMD 1#');
    expect(pyRStrip('abc\r\n\x1c')).toBe('abc');
    expect(pyLStrip('\x1c abc ')).toBe('abc ');
  });

  test.each([
    ['POWER 5\x1c dBm', -1, ['POWER', '5', 'dBm']],
    [' a\x1cb\x85c\xa0', -1, ['a', 'b', 'c']],
    ['', -1, []],
    ['   ', 0, []],
    ['a b  c  ', 1, ['a', 'b  c  ']],
    ['  a   ', 0, ['a   ']],
    ['a b ', 2, ['a', 'b']],
    ['a b ', 1, ['a', 'b ']],
  ])('split %j (maxsplit %i) → %j', (text, maxsplit, words) => {
    expect(pySplit(text, maxsplit)).toEqual(words);
  });
});
