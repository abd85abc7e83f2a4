import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PACKAGE_NAME, packageVersion } from './package-info.js';

test('names itself and its version as package.json does', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  expect(PACKAGE_NAME).toBe(pkg.name);
  expect(packageVersion()).toBe(pkg.version);
});
