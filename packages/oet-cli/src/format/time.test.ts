import { describe, expect, it } from 'vitest';
import { formatUtc } from './time.js';

describe('formatUtc', () => {
  it('formats epoch seconds in UTC, with microseconds on request', () => {
    expect(formatUtc(1763700000.15)).toBe('2025-11-21 04:40:00');
    expect(formatUtc(1763700000.15, { fraction: true })).toBe('2025-11-21 04:40:00.150000');
    expect(formatUtc(0.0000004, { fraction: true })).toBe('1970-01-01 00:00:00.000000');
    expect(formatUtc(59.9999999, { fraction: true })).toBe('1970-01-01 00:00:59.999999');
  });

  it('gives an empty cell for a missing time', () => {
    expect(formatUtc(Number.NaN)).toBe('');
  });
});
