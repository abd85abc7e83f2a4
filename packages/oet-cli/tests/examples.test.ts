import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { example } from '../examples/programmatic.js';
import { test } from './support/fixtures.js';
import { runOet, scriptUri } from './support/harness.js';

test('the README\'s programmatic example is examples/programmatic.ts and runs against a real server', async ({ oet }) => {
  const source = readFileSync(new URL('../examples/programmatic.ts', import.meta.url), 'utf8');
  expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(`\`\`\`ts example\n${source}\`\`\``);

  await runOet(['--server-url', oet.url, 'procedure', 'create', scriptUri('hello.js')]);
  const { ids, code, output } = await example(oet.url);
  expect(ids).toEqual([1]);
  expect(code).toBe(0);
  expect((JSON.parse(output) as Array<{ id: number }>).map((p) => p.id)).toEqual([1]);
});
