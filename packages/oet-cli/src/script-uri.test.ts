import { describe, expect, it } from 'vitest';
import { validateScriptUri } from './script-uri.js';

describe('validateScriptUri', () => {
  it.each([
    ['file:///srv/scripts/hello.js', 'filesystem'],
    ['file:///srv/scripts/x.mts', 'filesystem'],
    ['git://scripts/observe.ts', 'git'],
    ['git://a.mjs', 'git'],
  ])('accepts %s as %s', (uri, kind) => {
    expect(validateScriptUri(uri)).toBe(kind);
  });

  it.each([
    ['hello.js', /must start with file:\/\/ or git:\/\//],
    ['http://x/y.js', /must start with/],
    ['file://relative/x.js', /absolute path/],
    ['git:///abs.js', /from the repository root/],
    ['git://', /from the repository root/],
    ['file:///srv/x.py', /\.js \.mjs \.ts \.mts/],
    ['file:///srv/x\0.js', /NUL/],
  ])('rejects %j', (uri, message) => {
    expect(() => validateScriptUri(uri)).toThrow(message);
  });
});
