// The getting-started guide shows files and commands that must stay true.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scriptsDir } from './support/stack-process.js';

const guide = readFileSync(path.join(repoRoot, 'docs/getting-started.md'), 'utf8');

describe('docs/getting-started.md', () => {
  it('shows telescope-on.js as it is (minus its header comment)', () => {
    const file = readFileSync(path.join(scriptsDir, 'telescope-on.js'), 'utf8').replace(/^(\/\/.*\n)+/, '');
    const snippet = /telescope-on\.js`\]\([^)]*\):\n\n```js\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(snippet).toBe(file);
  });

  it('only names example scripts that exist', () => {
    const named = new Set([...guide.matchAll(/apps\/oet-rest\/scripts\/([\w.-]+\.(?:js|ts))/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(4);
    for (const name of named) expect(existsSync(path.join(scriptsDir, name)), name).toBe(true);
  });

  it('gives the commands the stack prints', () => {
    for (const command of ['npm ci && npm start', 'npx oet procedure start --scan_duration=5', 'npx oet procedure stop', 'npx oet procedure describe']) {
      expect(guide).toContain(command);
    }
  });
});
