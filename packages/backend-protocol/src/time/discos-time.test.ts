import { describe, expect, test } from 'vitest';
import { fromTicks, isValidTicks, ticksNow, toTicks, unixNow } from './discos-time.js';

describe('DISCOS time (100-ns ticks since 1970)', () => {
  test('toTicks of a Date and of unix seconds', () => {
    expect(toTicks(new Date('1970-01-01T00:00:01Z'))).toBe(10_000_000n);
    expect(toTicks(new Date('2015-05-06T14:33:02.970Z'))).toBe(14309227829700000n);
    expect(toTicks(1430922782.970883)).toBe(14309227829708830n);
    expect(toTicks(-1.5)).toBe(-15_000_000n);
  });

  test('fromTicks splits exactly', () => {
    expect(fromTicks(14309227829708830n)).toEqual({ ticks: 14309227829708830n, unixSeconds: 1430922782.970883 });
    expect(fromTicks(0n).unixSeconds).toBe(0);
  });

  test('ticksNow and unixNow agree with the wall clock', () => {
    const now = Date.now() / 1000;
    expect(Math.abs(unixNow() - now)).toBeLessThan(1);
    expect(Math.abs(Number(ticksNow()) / 1e7 - now)).toBeLessThan(1);
  });

  test('valid up to 9999-12-31T23:59:59Z', () => {
    const last = toTicks(new Date('9999-12-31T23:59:59Z'));
    expect(isValidTicks(last)).toBe(true);
    expect(isValidTicks(last + 10_000_000n)).toBe(false);
    expect(isValidTicks(0n)).toBe(true);
    expect(isValidTicks(-1n)).toBe(true);
    expect(isValidTicks(12345678901234567890123n)).toBe(false);
  });
});
