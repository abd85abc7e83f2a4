import { describe, expect, it } from 'vitest';
import { pyFixed, pyFloat, pyFloatStr, pyInt } from './py.js';

describe('python number text', () => {
  it('parses like int() and float()', () => {
    expect(pyInt(' +12 ')).toBe(12);
    expect(pyInt('1_000')).toBe(1000);
    expect(pyInt('1.0')).toBeUndefined();
    expect(pyInt('')).toBeUndefined();
    expect(pyFloat('12.23\r')).toBe(12.23);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('-inf')).toBe(-Infinity);
    expect(pyFloat('INT')).toBeUndefined();
    expect(pyFloat('0x10')).toBeUndefined();
  });

  it('prints like str() and %f', () => {
    expect(pyFloatStr(12.23)).toBe('12.23');
    expect(pyFloatStr(25)).toBe('25.0');
    expect(pyFloatStr(0.0001)).toBe('0.0001');
    expect(pyFloatStr(0.00001)).toBe('1e-05');
    expect(pyFloatStr(1e16)).toBe('1e+16');
    expect(pyFloatStr(123456789012345.6)).toBe('123456789012345.6');
    expect(pyFloatStr(-2.5)).toBe('-2.5');
    expect(pyFixed(23, 6)).toBe('23.000000');
    expect(pyFixed(-9999.9, 6)).toBe('-9999.900000');
    expect(pyFixed(0.5, 0)).toBe('0');
    expect(pyFixed(1.5, 0)).toBe('2');
    expect(pyFixed(0.0078125, 6)).toBe('0.007812');
    expect(pyFixed(Infinity, 6)).toBe('inf');
  });
});
