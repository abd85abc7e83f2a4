import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const snippets = [...readme.matchAll(/<!-- example: (\S+) -->\n```ts(?: example)?\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

describe('README', () => {
  it('shows the tested examples', () => {
    expect(snippets.map((s) => s.file).sort()).toEqual(
      ['automatic-teardown', 'event-waiting', 'explicit-factory', 'explicit-stackable-context', 'implicit-usage', 'own-entry-point'].map((n) => `examples/${n}.test.ts`),
    );
  });

  it.each(snippets)('$file is copied verbatim', ({ file, code }) => {
    expect(code).toBe(readFileSync(join(root, file), 'utf8').trimEnd());
  });
});
