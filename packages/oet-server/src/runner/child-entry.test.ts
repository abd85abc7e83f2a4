import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childEntryPath } from './child-entry.js';

describe('childEntryPath', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('gives each cache directory its own entry and rebuilds one whose cache was deleted', async () => {
    const first = await mkdtemp(join(tmpdir(), 'oet-entry-'));
    const second = await mkdtemp(join(tmpdir(), 'oet-entry-'));
    dirs.push(first, second);
    const a = await childEntryPath(first);
    expect(existsSync(a)).toBe(true);
    await rm(first, { recursive: true, force: true });
    const b = await childEntryPath(second);
    expect(existsSync(b)).toBe(true);
    const again = await childEntryPath(first);
    expect(existsSync(again)).toBe(true);
  }, 30000);
});
