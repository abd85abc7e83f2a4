import { describe, expect, test } from 'vitest';
import { HostAllowList, hostHeaderName } from './host-allow-list.js';
import { jsonNestingExceeds } from './json-nesting.js';

describe('hostHeaderName', () => {
  test.each([
    ['127.0.0.1:5100', '127.0.0.1'],
    ['LocalHost', 'localhost'],
    ['[::1]:80', '[::1]'],
    ['[::1]', '[::1]'],
    [' example.org:443 ', 'example.org'],
    ['localhost:80:81', 'localhost:80'],
  ])('%j -> %j', (header, name) => {
    expect(hostHeaderName(header)).toBe(name);
  });
});

describe('HostAllowList', () => {
  test('loopback names and the bind address by default', () => {
    const list = new HostAllowList('10.0.0.5');
    for (const h of ['localhost:1', '127.0.0.1', '[::1]:9', '10.0.0.5:5100']) expect(list.allows(h)).toBe(true);
    for (const h of ['evil.example', 'evil.example:5100', '127.0.0.2', 'localhost:80:81', '::1', undefined, '']) expect(list.allows(h)).toBe(false);
  });

  test('a wildcard bind adds nothing; extras are added, case-insensitively; * accepts any', () => {
    expect(new HostAllowList('0.0.0.0').names).toEqual(new Set(['localhost', '127.0.0.1', '[::1]']));
    const list = new HostAllowList('::', ['Sim.Example', 'fe80::1']);
    expect(list.allows('sim.example:5100')).toBe(true);
    expect(list.allows('[fe80::1]:80')).toBe(true);
    expect(new HostAllowList('127.0.0.1', ['*']).allows('anything')).toBe(true);
  });
});

describe('jsonNestingExceeds', () => {
  test.each<[string, number, boolean]>([
    ['{"a":[1,{"b":2}]}', 3, false],
    ['{"a":[1,{"b":2}]}', 2, true],
    ['"[[[[[[[["', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['[]', 0, true],
    ['1', 0, false],
  ])('%j with max %i -> %s', (text, max, exceeds) => {
    expect(jsonNestingExceeds(text, max)).toBe(exceeds);
  });

  test('linear on a very deep document', () => {
    expect(jsonNestingExceeds('['.repeat(1_000_000), 64)).toBe(true);
    expect(jsonNestingExceeds(`${'['.repeat(64)}${']'.repeat(64)}`, 64)).toBe(false);
  });
});
