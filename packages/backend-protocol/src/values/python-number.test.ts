import { describe, expect, test } from 'vitest';
import {
  formatPythonFixed,
  formatPythonFloat,
  formatPythonInt,
  formatReplyArg,
  parsePythonInt,
  pyBigInt,
  pyFloat,
  pyInt,
  PYTHON_INT_MAX_STR_DIGITS,
} from './python-number.js';

describe('pyInt follows Python int()', () => {
  test.each([
    ['10', 10],
    ['-5', -5],
    ['+7', 7],
    ['010', 10],
    ['1_0', 10],
    ['0_1', 1],
    ['-0', 0],
    [' 42 ', 42],
    ['\t\n\x0b\x0c\r 42\x85\xa0', 42],
    ['\u3000\u2000 42\u2028', 42],
    ['\u0663', 3],
    ['1\u0660', 10],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['9007199254740993', 9007199254740993n],
    ['999999999999999999999', 999999999999999999999n],
    ['-123456789012345678901234567890', -123456789012345678901234567890n],
  ])('%j → %s', (text, value) => {
    expect(pyInt(text)).toBe(value);
  });

  // \x1c–\x1f are str.strip() whitespace, yet int() rejects them (CPython trims ASCII whitespace only).
  test.each(['', ' ', '1.5', '1e3', '0x10', '1__0', '_1', '1_', '+_1', '--1', '+', '- 1', 'ciao', '\xb2', '1 2', '\x00', '5\x1c', '\x1d5', '5\x1e', '\x1f5'])(
    '%j is not an int',
    (text) => {
      expect(pyInt(text)).toBeUndefined();
    },
  );

  test('at most 4300 digits, as Python 3.11', () => {
    expect(pyBigInt('7'.repeat(PYTHON_INT_MAX_STR_DIGITS))).toBe(BigInt('7'.repeat(PYTHON_INT_MAX_STR_DIGITS)));
    expect(pyBigInt(`-${'1'.repeat(PYTHON_INT_MAX_STR_DIGITS)} `)).toBeDefined();
    expect(pyBigInt('1_'.repeat(2150) + '1')).toBeDefined();
    expect(pyBigInt('0'.repeat(PYTHON_INT_MAX_STR_DIGITS + 1))).toBeUndefined();
    expect(pyBigInt('f'.repeat(5000), 16)).toBeDefined();
  });

  test.each([
    ['0x10', 16],
    ['0X_1f', 31],
    ['-0xff', -255],
    ['ff', 255],
    [' 1_0 ', 16],
    ['0xffffffffffffffffff', 0xffffffffffffffffffn],
  ])('base 16: %j → %s', (text, value) => {
    expect(pyInt(text, 16)).toBe(value);
  });

  test.each(['0x', '0x_', '_0x1', '0_x1', 'g', '0x1__0'])('base 16: %j is not an int', (text) => {
    expect(pyInt(text, 16)).toBeUndefined();
  });

  test('other bases', () => {
    expect(pyInt('0b101', 2)).toBe(5);
    expect(pyInt('0o17', 8)).toBe(15);
    expect(pyInt('zz', 36)).toBe(1295);
    expect(() => pyInt('1', 1)).toThrow(RangeError);
  });

  test('the deprecated alias is the same parser', () => {
    expect(parsePythonInt(' 1_0 ')).toBe(10);
    expect(parsePythonInt('5\x1c')).toBeUndefined();
  });
});

describe('pyFloat follows Python float()', () => {
  test.each([
    ['12', 12],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5', -2.5],
    [' 1_000.5 ', 1000.5],
    ['1_000.000_1', 1000.0001],
    ['1e1_0', 1e10],
    ['1.5E-3_0', 1.5e-30],
    ['-.5e-3', -0.0005],
    ['\xa0.5\x85', 0.5],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['iNf', Infinity],
    ['1e500', Infinity],
    ['999999999999999999999.000000', 1e21],
  ])('%j → %s', (text, value) => {
    expect(pyFloat(text)).toBe(value);
  });

  test('nan in any case; -0 keeps its sign', () => {
    expect(pyFloat('NaN')).toBeNaN();
    expect(pyFloat('+nan')).toBeNaN();
    expect(Object.is(pyFloat('-0'), -0)).toBe(true);
  });

  test.each(['', ' ', '.', 'e3', '1e', '1e_1', '0x10', '1__0', '1_.5', '1._5', '1.5_', 'infinit', 'infinityy', 'nanx', 'nan(1)', '1d0', '1.5.5', '*', '5\x1c', '\x1f5'])(
    '%j is not a float',
    (text) => {
      expect(pyFloat(text)).toBeUndefined();
    },
  );
});

describe('formatPythonInt matches str(int)', () => {
  test.each([
    [0, '0'],
    [-0, '0'],
    [-5, '-5'],
    [1e21, '1000000000000000000000'],
    [-1e21, '-1000000000000000000000'],
    [2 ** 70, '1180591620717411303424'],
    [9007199254740993n, '9007199254740993'],
  ])('%s → %s', (value, text) => {
    expect(formatPythonInt(value)).toBe(text);
  });

  test('rejects non-integers', () => {
    expect(() => formatPythonInt(0.5)).toThrow(TypeError);
    expect(() => formatPythonInt(Infinity)).toThrow(TypeError);
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
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [1e22, '1e+22'],
    [-2.5e-300, '-2.5e-300'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s → %s', (value, text) => {
    expect(formatPythonFloat(value)).toBe(text);
  });
});

describe('formatPythonFixed matches %.Nf', () => {
  test.each([
    [23, 6, '23.000000'],
    [-9999.9, 6, '-9999.900000'],
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [-0.5, 0, '-0'],
    [0.0078125, 6, '0.007812'],
    [-0, 2, '-0.00'],
    [-0.0001, 2, '-0.00'],
    [1e21, 1, '1000000000000000000000.0'],
    [Infinity, 6, 'inf'],
    [NaN, 6, 'nan'],
  ])('%s with %i digits → %s', (value, digits, text) => {
    expect(formatPythonFixed(value, digits)).toBe(text);
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
