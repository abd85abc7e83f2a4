import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@observatory/core';
import { parseScriptInput, parseScriptValue } from './script-args.js';

describe('parseScriptValue', () => {
  it.each([
    ['3', 3],
    ['-2.5', -2.5],
    ['true', true],
    ['null', null],
    ['[1,"a"]', [1, 'a']],
    ['{"a":1}', { a: 1 }],
    ['"quoted"', 'quoted'],
    ['hello', 'hello'],
    ['False', 'False'],
    ['', ''],
  ])('%j -> %j', (text, value) => {
    expect(parseScriptValue(text)).toEqual(value);
  });
});

describe('parseScriptInput', () => {
  it('splits --key=value into kwargs and the rest into args, in order', () => {
    expect(parseScriptInput(['sbi-1', '--scans=3', '7', '--mode=fast', '--verbose'])).toEqual({
      args: ['sbi-1', 7],
      kwargs: { scans: 3, mode: 'fast', verbose: true },
    });
  });

  it('keeps = inside values and takes everything after -- as positional', () => {
    expect(parseScriptInput(['--expr=a=b', '--', '--not-a-kwarg=1'])).toEqual({ args: ['--not-a-kwarg=1'], kwargs: { expr: 'a=b' } });
  });

  it('accepts negative numbers as positionals but rejects short options', () => {
    expect(parseScriptInput(['-3']).args).toEqual([-3]);
    let caught: unknown;
    try {
      parseScriptInput(['-x']);
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'OET_CLI_USAGE')).toBe(true);
  });

  it('rejects keys that are not names', () => {
    expect(() => parseScriptInput(['--=3'])).toThrow(/--name=value/);
  });

  it('round-trips any JSON value given as --k=<json>', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const input = parseScriptInput([`--k=${JSON.stringify(value)}`]);
        expect(input.kwargs.k).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
