import { describe, expect, test } from 'vitest';
import { formatPythonFloat, formatReplyArg, parsePythonFloat, parsePythonInt } from './python-number.js';

describe('parsePythonInt follows Python int()', () => {
  test.each([
    ['10', 10],
    ['-5', -5],
    ['+7', 7],
    ['010', 10],
    ['1_0', 10],
    [' 42 ', 42],
    ['\t\x0b\x0c\x1c\x1f\x85\xa042\xa0', 42],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-123456789012345678901234567890', -123456789012345678901234567890n],
  ])('%j → %s', (text, value) => {
    expect(parsePythonInt(text)).toBe(value);
  });

  test.each(['', ' ', '1.5', '1e3', '0x10', '1__0', '_1', '1_', '--1', '+', 'ciao', '١', '1 2', '\x00'])('%j is not an int', (text) => {
    expect(parsePythonInt(text)).toBeUndefined();
  });
});

describe('parsePythonFloat follows Python float()', () => {
  test.each([
    ['12', 12],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5', -2.5],
    [' 1_000.5 ', 1000.5],
    ['1e1_0', 1e10],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['iNf', Infinity],
    ['1e500', Infinity],
  ])('%j → %s', (text, value) => {
    expect(parsePythonFloat(text)).toBe(value);
  });

  test('nan in any case', () => {
    expect(parsePythonFloat('NaN')).toBeNaN();
    expect(parsePythonFloat('-nan')).toBeNaN();
  });

  test.each(['', ' ', '.', 'e3', '1e', '0x10', '1__0', '1_.5', 'infinit', 'nanx', '1.5.5', '*'])('%j is not a float', (text) => {
    expect(parsePythonFloat(text)).toBeUndefined();
  });
});

describe('formatPythonFloat matches repr(float)', () => {
  test.each([
    [100, '100.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.5, '0.5'],
    [1795238653.948709, '1795238653.948709'],
    [0.0001, '0.0001'],
    [0.00005, '5e-05'],
    [1.5e-7, '1.5e-07'],
    [1e16, '1e+16'],
    [1.2345e20, '1.2345e+20'],
    [9999999999999998, '9999999999999998.0'],
    [1e22, '1e+22'],
    [-2.5e-300, '-2.5e-300'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s → %s', (value, text) => {
    expect(formatPythonFloat(value)).toBe(text);
  });
});

describe('formatReplyArg', () => {
  test.each([
    ['text', 'text'],
    [10, '10'],
    [-5, '-5'],
    [12345678901234567890n, '12345678901234567890'],
    [1e21, '1000000000000000000000'],
    [0.5, '0.5'],
    [5e-5, '5e-05'],
    [NaN, 'nan'],
  ])('%s → %s', (value, text) => {
    expect(formatReplyArg(value)).toBe(text);
  });
});
