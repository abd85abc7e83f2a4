import { describe, expect, test } from 'vitest';
import { GrammarError } from '../errors.js';
import { parseMessage, isValidName } from './parse.js';

describe('parseMessage: valid lines', () => {
  test.each([
    ['?status', 'request', 'status', '', []],
    ['?status\n', 'request', 'status', '', []],
    ['?status\r\n', 'request', 'status', '', []],
    ['?status\r\n\n', 'request', 'status', '', []],
    ['?x,,', 'request', 'x', '', ['', '']],
    ['?x,a,', 'request', 'x', '', ['a', '']],
    ['?x, ', 'request', 'x', '', [' ']],
    ['?x,a\t\x00*?!,b', 'request', 'x', '', ['a\t\x00*?!', 'b']],
    ['?x,\xff\xe9', 'request', 'x', '', ['\xff\xe9']],
    ['?a-', 'request', 'a-', '', []],
    ['?A9-b', 'request', 'A9-b', '', []],
    ['?set-section,1,*,*,*,*,*,*', 'request', 'set-section', '', ['1', '*', '*', '*', '*', '*', '*']],
    ['!status,ok', 'reply', 'status', 'ok', []],
    ['!status,fail,text with spaces', 'reply', 'status', 'fail', ['text with spaces']],
    ['!undefined,invalid,syntax error: invalid syntax', 'reply', 'undefined', 'invalid', ['syntax error: invalid syntax']],
    ['!x,ok,a,,b\n', 'reply', 'x', 'ok', ['a', '', 'b']],
  ])('%j', (line, type, name, code, args) => {
    expect(parseMessage(line)).toEqual({ type, name, code, args });
  });
});

describe('parseMessage: grammar errors carry the spec reason', () => {
  test.each([
    ['', 'empty message is not valid'],
    ['ciao', "invalid message type 'c'"],
    [' ?status', "invalid message type ' '"],
    ['$name', "invalid message type '$'"],
    ['\n', "invalid message type '\n'"],
    ['\xff', "invalid message type '\xff'"],
    ['?bad name', 'invalid syntax'],
    ['?-bad', 'invalid syntax'],
    ['?0bad', 'invalid syntax'],
    ['?a_b', 'invalid syntax'],
    ['?caf\xe9', 'invalid syntax'],
    ['?', 'invalid syntax'],
    ['?status,', 'invalid syntax'],
    ['?status,\n', 'invalid syntax'],
    ['?status\r', 'invalid syntax'],
    ['?status\n\n', 'invalid syntax'],
    ['?status\r\n\r\n', 'invalid syntax'],
    ['?x,a\nb', 'invalid syntax'],
    ['?x,a\rb', 'invalid syntax'],
    ['!status', 'invalid syntax'],
    ['!x,bogus', 'invalid syntax'],
    ['!x,OK', 'invalid syntax'],
    ['!x, ok', 'invalid syntax'],
    ['!reply,ok ', 'invalid syntax'],
    ['!x,okay', 'invalid syntax'],
    ['!x,ok,', 'invalid syntax'],
    ['!,ok', 'invalid syntax'],
  ])('%j → %s', (line, reason) => {
    let caught: unknown;
    try {
      parseMessage(line);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GrammarError);
    expect((caught as GrammarError).reason).toBe(reason);
    expect((caught as GrammarError).code).toBe('DISCOS_GRAMMAR_ERROR');
  });
});

describe('isValidName', () => {
  test.each([
    ['status', true],
    ['a-', true],
    ['Z0', true],
    ['', false],
    ['-a', false],
    ['1a', false],
    ['a_b', false],
    ['a b', false],
    ['\xe9', false],
  ])('%j → %s', (name, valid) => {
    expect(isValidName(name)).toBe(valid);
  });
});
