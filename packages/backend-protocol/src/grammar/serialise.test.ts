import { describe, expect, test } from 'vitest';
import { reply, request } from './message.js';
import { parseMessage } from './parse.js';
import { encodeMessage, isCorrectReply, serialiseMessage } from './serialise.js';

describe('serialiseMessage', () => {
  test.each([
    [request('status'), '?status'],
    [request('x', ['', '']), '?x,,'],
    [request('x', ['a', '\xff']), '?x,a,\xff'],
    [reply('status', 'ok'), '!status,ok'],
    [reply('x', 'fail', ['a b', '']), '!x,fail,a b,'],
  ])('%j → %j', (message, text) => {
    expect(serialiseMessage(message)).toBe(text);
  });

  test('encodeMessage adds CRLF and writes latin-1 bytes', () => {
    expect(encodeMessage(reply('x', 'ok', ['caf\xe9']))).toEqual(Buffer.from([...Buffer.from('!x,ok,caf'), 0xe9, 13, 10]));
  });

  test('a serialised message parses back to itself', () => {
    const message = reply('set-section', 'ok', ['1', '*', '', 'x']);
    expect(parseMessage(serialiseMessage(message))).toEqual(message);
  });
});

describe('isCorrectReply', () => {
  const req = request('status');
  test.each([
    ['a reply with the same name', reply('status', 'ok', ['1']), true],
    ['a bare reply', reply('status', 'fail'), true],
    ['another name', reply('time', 'ok'), false],
    ['a request', request('status'), false],
    ['a single empty argument', reply('status', 'ok', ['']), false],
    ['two empty arguments', reply('status', 'ok', ['', '']), true],
    ['an argument with LF', reply('status', 'ok', ['a\n']), false],
    ['an argument with CR', reply('status', 'ok', ['a\rb']), false],
    ['a character beyond latin-1', reply('status', 'ok', ['€']), false],
    ['a bad code', { type: 'reply', name: 'status', code: 'OK', args: [] } as never, false],
  ])('%s → %s', (_title, message, correct) => {
    expect(isCorrectReply(message, req)).toBe(correct);
  });
});
