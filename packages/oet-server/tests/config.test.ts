import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AddressInUseError, ConfigError } from '@observatory/core';
import { createOetServer, loadFeatureFlags, resolveOetConfig } from '@ska/oet-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
let home: string;
let project: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'oet-config-'));
  home = path.join(dir, 'home');
  project = path.join(dir, 'project-oet.ini');
  await import('node:fs/promises').then((fs) => fs.mkdir(home));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('feature flags (oet.ini)', () => {
  it('O-REST-38: defaults when no file exists', async () => {
    expect(await loadFeatureFlags({ homeDir: home, defaultFile: project, env: {} })).toEqual({
      flags: { read_via_pubsub: false },
      source: 'defaults',
      file: undefined,
      warnings: [],
    });
  });

  it('O-REST-38: the project file applies; the home file beats it; the env beats both', async () => {
    await writeFile(project, '[tango]\nread_via_pubsub = yes ; comment\n');
    expect(await loadFeatureFlags({ homeDir: home, defaultFile: project, env: {} })).toMatchObject({ flags: { read_via_pubsub: true }, source: project });
    await writeFile(path.join(home, 'oet.ini'), '[tango]\nread_via_pubsub = Off\n');
    expect(await loadFeatureFlags({ homeDir: home, defaultFile: project, env: {} })).toMatchObject({
      flags: { read_via_pubsub: false },
      source: path.join(home, 'oet.ini'),
    });
    expect(await loadFeatureFlags({ homeDir: home, defaultFile: project, env: { OET_READ_VIA_PUBSUB: 'TRUE' } })).toMatchObject({
      flags: { read_via_pubsub: true },
      source: 'env:OET_READ_VIA_PUBSUB',
      file: path.join(home, 'oet.ini'),
    });
  });

  it('an explicit file must exist; bad values name file, section and key; unknown keys warn', async () => {
    await expect(loadFeatureFlags({ explicitFile: path.join(dir, 'missing.ini'), homeDir: home, env: {} })).rejects.toBeInstanceOf(ConfigError);
    const bad = path.join(dir, 'bad.ini');
    await writeFile(bad, '[tango]\nread_via_pubsub = maybe\n');
    await expect(loadFeatureFlags({ explicitFile: bad, env: {} })).rejects.toThrow(`${bad} [tango] read_via_pubsub must be a boolean`);
    await writeFile(bad, '[tango]\nread_via_pubsub = 1\nspeed = 3\n');
    const loaded = await loadFeatureFlags({ explicitFile: bad, env: {} });
    expect(loaded.flags.read_via_pubsub).toBe(true);
    expect(loaded.warnings).toEqual([`${bad}: unknown key [tango] speed`]);
    await expect(loadFeatureFlags({ env: { OET_READ_VIA_PUBSUB: 'perhaps' }, homeDir: home })).rejects.toThrow(/OET_READ_VIA_PUBSUB/);
  });
});

describe('server configuration', () => {
  it('O-REST-39: defaults: 127.0.0.1, port 5000, the OET base path', async () => {
    const config = await resolveOetConfig({}, { scriptRoots: [dir], homeDir: home }, {});
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 5000, basePath: '/ska-oso-oet/oet/api/v7', scriptRoots: [dir], historyMax: 10, stopGraceMs: 1000 });
    expect(config.logLevel).toBe('info');
  });

  it('flags beat env; KUBE_NAMESPACE shapes the base path; invalid values name the variable', async () => {
    const env = { OET_PORT: '6000', OET_HOST: '0.0.0.0', KUBE_NAMESPACE: 'ns1', OET_SCRIPT_ROOTS: `${dir}${path.delimiter}${home}` };
    const fromEnv = await resolveOetConfig({}, { homeDir: home }, env);
    expect(fromEnv.server).toMatchObject({ host: '0.0.0.0', port: 6000, basePath: '/ns1/oet/api/v7', scriptRoots: [dir, home] });
    const fromFlags = await resolveOetConfig({ port: '7000', host: '127.0.0.2', basePath: '/x', scriptsRoot: [home] }, { homeDir: home }, env);
    expect(fromFlags.server).toMatchObject({ host: '127.0.0.2', port: 7000, basePath: '/x', scriptRoots: [home] });
    await expect(resolveOetConfig({}, { scriptRoots: [dir] }, { OET_PORT: 'abc' })).rejects.toThrow(/OET_PORT/);
    await expect(resolveOetConfig({ port: '70000' }, { scriptRoots: [dir] }, {})).rejects.toThrow(/--port/);
    await expect(resolveOetConfig({}, { scriptRoots: [dir] }, { OET_STOP_GRACE_MS: '-1' })).rejects.toThrow(/OET_STOP_GRACE_MS/);
    await expect(resolveOetConfig({}, {}, {})).rejects.toThrow(/script roots/);
  });

  it('O-REST-39: createOetServer binds 127.0.0.1:5000 by default', async () => {
    await using server = await createOetServer({ scriptRoots: [dir], cacheDir: path.join(dir, 'cache') });
    try {
      const url = await server.listen();
      expect(url).toBe('http://127.0.0.1:5000/ska-oso-oet/oet/api/v7');
      expect(server.address()).toMatchObject({ address: '127.0.0.1', port: 5000 });
    } catch (err) {
      // another process holds 5000 on this machine: the error still proves the default address
      expect(err).toBeInstanceOf(AddressInUseError);
      expect((err as AddressInUseError).message).toContain('127.0.0.1:5000');
    }
  });
});
