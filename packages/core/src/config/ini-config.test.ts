import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadIniConfig, parseIni } from './ini-config.js';

describe('INI config', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'core-ini-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses sections as strings and strips inline comments', () => {
    expect(parseIni('top = 1\n[tango]\nread_via_pubsub = false  ; true: events\n')).toEqual({
      '': { top: '1' },
      tango: { read_via_pubsub: 'false' },
    });
  });

  it('reads the first existing candidate only (no merging)', async () => {
    const home = join(dir, 'home.ini');
    const project = join(dir, 'project.ini');
    await writeFile(project, '[tango]\nread_via_pubsub = true\nextra = 1\n');
    expect(await loadIniConfig([undefined, home, project])).toEqual({ path: project, data: { tango: { read_via_pubsub: 'true', extra: '1' } } });
    await writeFile(home, '[tango]\nread_via_pubsub = no\n');
    expect(await loadIniConfig([home, project])).toEqual({ path: home, data: { tango: { read_via_pubsub: 'no' } } });
  });

  it('returns no data when nothing exists', async () => {
    expect(await loadIniConfig([join(dir, 'missing.ini')])).toEqual({ path: undefined, data: {} });
  });

  it('fails for a required file that does not exist, or a path that is not a file', async () => {
    await expect(loadIniConfig([{ path: join(dir, 'missing.ini'), required: true }])).rejects.toMatchObject({ code: 'CORE_CONFIG_INVALID' });
    await mkdir(join(dir, 'a-dir'));
    await expect(loadIniConfig([join(dir, 'a-dir')])).rejects.toThrow(/cannot read config file/);
  });
});
