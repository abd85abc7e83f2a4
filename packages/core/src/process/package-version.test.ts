import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './package-version.js';

describe('packageVersion', () => {
  it('reads the nearest package.json above the module, at any depth', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pkg-version-'));
    try {
      await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '3.2.1' }));
      await mkdir(path.join(dir, 'src', 'cli'), { recursive: true });
      expect(packageVersion(pathToFileURL(path.join(dir, 'src', 'cli', 'program.ts')).href)).toBe('3.2.1');
      expect(packageVersion(pathToFileURL(path.join(dir, 'main.js')).href)).toBe('3.2.1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is this package’s version for core itself', () => {
    expect(packageVersion(import.meta.url)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
