import { describe, expect, it } from 'vitest';
import { formatTime, parseKwargs, scriptName } from './format.js';

describe('parseKwargs', () => {
  it('takes an empty field as no kwargs and a JSON object as kwargs', () => {
    expect(parseKwargs('  ', 'Init kwargs')).toEqual({ ok: true, value: {} });
    expect(parseKwargs('{"scans": 2}', 'Main kwargs')).toEqual({ ok: true, value: { scans: 2 } });
  });

  it.each([['{scans: 2}', /Main kwargs is not valid JSON/], ['[1]', /must be a JSON object/], ['3', /must be a JSON object/], ['null', /must be a JSON object/]])(
    'refuses %s with a message naming the field',
    (text, message) => {
      const parsed = parseKwargs(text, 'Main kwargs');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(message);
    },
  );
});

describe('formatting', () => {
  it('shows UTC creation times and script file names', () => {
    expect(formatTime(1763700000.15)).toBe('2025-11-21 04:40:00');
    expect(scriptName('file:///srv/oet/scripts/obs%20one.js')).toBe('obs one.js');
    expect(scriptName('git://scripts/observe.ts')).toBe('observe.ts');
  });
});
