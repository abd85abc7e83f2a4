import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from './index.js';

describe('@discos/simulators', () => {
  it('names itself as its package.json does', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string };
    expect(PACKAGE_NAME).toBe(pkg.name);
  });
});
