import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { findCycles } from '../check-cycles.mjs';

const script = fileURLToPath(new URL('../check-cycles.mjs', import.meta.url));
const dirs = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'check-cycles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const acyclic = {
  'index.ts': "export { a } from './a.js';\nexport type { B } from './b.js';\n",
  'a.ts': "import { b } from './b.js';\nimport { x } from 'node:path';\nimport { y } from '@scope/pkg';\nexport const a = b;\n",
  'b.ts': 'export const b = 1;\nexport type B = number;\n',
  'unused.ts': "import { a } from './a.js';\nexport const u = a;\n",
};

test('a tree without cycles passes', () => {
  const dir = tree(acyclic);
  expect(findCycles([dir])).toEqual([]);
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/no import cycles/);
});

test('a cycle through a .js specifier, an index file and a type-only import fails and is listed', () => {
  const dir = tree({
    ...acyclic,
    // a -> b (.js maps to .ts) -> c/index.ts (bare directory) -> a (import type)
    'b.ts': "export { c } from './c';\nexport const b = 1;\nexport type B = number;\n",
    'c/index.ts': "import type { A } from '../a.js';\nexport const c: A | undefined = undefined;\n",
    'a.ts': "import { b } from './b.js';\nexport const a = b;\nexport type A = number;\n",
  });
  expect(findCycles([dir])).toEqual([
    { dir, modules: ['a.ts', 'b.ts', 'c/index.ts'], loop: ['a.ts', 'b.ts', 'c/index.ts', 'a.ts'] },
  ]);
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('1 import cycle(s)');
  expect(run.stderr).toContain('a.ts -> b.ts -> c/index.ts -> a.ts');
});

test('re-exports, dynamic imports, .tsx modules and self-imports count as edges', () => {
  const dir = tree({
    'view.tsx': "export type { Model } from './model.js';\nexport const View = 1;\n",
    'model.ts': "export type Model = number;\nexport const load = () => import('./view.js');\n",
    'self.ts': "import { s } from './self.js';\nexport const t = s;\n",
  });
  const cycles = findCycles([dir]);
  expect(cycles.map((c) => c.loop)).toEqual([['model.ts', 'view.tsx', 'model.ts'], ['self.ts', 'self.ts']]);
});

test('each source tree is checked on its own', () => {
  const one = tree({ 'a.ts': "import './b.js';\n", 'b.ts': "import './a.js';\n" });
  const two = tree(acyclic);
  const cycles = findCycles([one, two]);
  expect(cycles).toHaveLength(1);
  expect(cycles[0].dir).toBe(one);
});
