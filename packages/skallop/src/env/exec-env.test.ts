import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@observatory/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readDisableMaintainOn, resolveExecEnv } from './exec-env.js';
import { ExecSettings } from './exec-settings.js';
import { resolveTelescopeType } from './telescope-type.js';

describe('resolveTelescopeType', () => {
  it.each([
    [{ SKA_TELESCOPE: 'SKA-low' }, 'low', 'SKA_TELESCOPE'],
    [{ SKA_TELESCOPE: 'ska-MID' }, 'mid', 'SKA_TELESCOPE'],
    [{ TEL: 'mid' }, 'mid', 'TEL'],
    [{ TEL: 'LOW' }, 'low', 'TEL'],
    [{}, 'mid', 'default'],
  ] as const)('%j gives %s', (env, telescope, source) => {
    const r = resolveTelescopeType(undefined, env);
    expect(r).toMatchObject({ telescope, source });
    expect(r.warning).toBeUndefined();
  });

  it('follows SKA_TELESCOPE with a warning when TEL disagrees', () => {
    const r = resolveTelescopeType(undefined, { SKA_TELESCOPE: 'SKA-low', TEL: 'mid' });
    expect(r.telescope).toBe('low');
    expect(r.warning).toMatch(/disagree/);
  });

  it('prefers the option', () => {
    expect(resolveTelescopeType('low', { SKA_TELESCOPE: 'SKA-mid' }).telescope).toBe('low');
  });

  it.each([
    [{ SKA_TELESCOPE: 'SKA-big' }, 'SKA_TELESCOPE'],
    [{ TEL: 'high' }, 'TEL'],
  ])('rejects an unknown value in %j naming the variable', (env, name) => {
    expect(() => resolveTelescopeType(undefined, env)).toThrow(ConfigError);
    expect(() => resolveTelescopeType(undefined, env)).toThrow(name);
  });
});

describe('DISABLE_MAINTAIN_ON', () => {
  it.each(['true', '1', 'yes', 'ON'])('%s disables maintain-on', (v) => expect(readDisableMaintainOn({ DISABLE_MAINTAIN_ON: v })).toBe(true));
  it.each(['false', '0', 'no', 'off', ''])('%j keeps it', (v) => expect(readDisableMaintainOn({ DISABLE_MAINTAIN_ON: v })).toBe(false));
  it('rejects anything else', () => expect(() => readDisableMaintainOn({ DISABLE_MAINTAIN_ON: 'maybe' })).toThrow(ConfigError));
});

describe('resolveExecEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skallop-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ini = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('defaults: mid, maintain-on, polling, auto recovery, in-process SUT', async () => {
    const env = await resolveExecEnv({}, { env: {}, oetIniCandidates: [] });
    expect(env).toMatchObject({ telescope: 'mid', maintainOn: true, readViaPubsub: false, recovery: 'auto', sutUrl: undefined });
    expect(env.readinessScope).toEqual(['tm', 'csp', 'sdp', 'dishes']);
  });

  it('reads read_via_pubsub from the first oet.ini found, and OET_READ_VIA_PUBSUB overrides it', async () => {
    const file = ini('a.ini', '[tango]\nread_via_pubsub = true\n');
    const fromIni = await resolveExecEnv({}, { env: {}, oetIniCandidates: [join(dir, 'missing.ini'), file] });
    expect(fromIni).toMatchObject({ readViaPubsub: true, readViaPubsubSource: file });
    const fromEnv = await resolveExecEnv({}, { env: { OET_READ_VIA_PUBSUB: 'no' }, oetIniCandidates: [file] });
    expect(fromEnv).toMatchObject({ readViaPubsub: false, readViaPubsubSource: 'OET_READ_VIA_PUBSUB' });
  });

  it('takes SKALLOP_SUT_URL, DISABLE_MAINTAIN_ON and low from the environment', async () => {
    const env = await resolveExecEnv({}, { env: { SKALLOP_SUT_URL: 'http://127.0.0.1:1', DISABLE_MAINTAIN_ON: 'yes', TEL: 'low' }, oetIniCandidates: [] });
    expect(env).toMatchObject({ sutUrl: 'http://127.0.0.1:1', maintainOn: false, telescope: 'low' });
    expect(env.readinessScope).toContain('mccs');
  });

  it('rejects a bad ini boolean naming the file', async () => {
    const file = ini('bad.ini', '[tango]\nread_via_pubsub = perhaps\n');
    await expect(resolveExecEnv({}, { env: {}, oetIniCandidates: [file] })).rejects.toThrow(file);
  });
});

describe('ExecSettings', () => {
  it('has the documented defaults, replicas leave the original alone, touch marks use', () => {
    const s = new ExecSettings();
    expect(s.toJSON()).toEqual({ timeoutMs: 30_000, pollIntervalMs: 50, logEnabled: false, attrSynching: false });
    const r = s.replica({ timeoutMs: 5 });
    expect([r.timeoutMs, s.timeoutMs]).toEqual([5, 30_000]);
    expect(s.touched).toBe(false);
    expect(s.touch().touched).toBe(true);
  });
});

describe('a Tango SUT', () => {
  const none = { oetIniCandidates: [] };
  it('SKALLOP_SUT=tango takes TANGO_HOST; a tango:// URL names the database; otherwise no Tango', async () => {
    expect((await resolveExecEnv({}, { ...none, env: { SKALLOP_SUT: 'tango', TANGO_HOST: '127.0.0.1:10000' } })).tangoHost).toBe('127.0.0.1:10000');
    const fromUrl = await resolveExecEnv({ sutUrl: 'tango://db.example:10001' }, { ...none, env: {} });
    expect(fromUrl.tangoHost).toBe('db.example:10001');
    expect(fromUrl.sutUrl).toBeUndefined();
    expect((await resolveExecEnv({}, { ...none, env: { SKALLOP_SUT_URL: 'http://127.0.0.1:5100' } })).tangoHost).toBeUndefined();
  });
  it('misconfiguration is a ConfigError naming what to set', async () => {
    await expect(resolveExecEnv({}, { ...none, env: { SKALLOP_SUT: 'tango' } })).rejects.toThrow(/TANGO_HOST/);
    await expect(resolveExecEnv({}, { ...none, env: { SKALLOP_SUT: 'corba' } })).rejects.toBeInstanceOf(ConfigError);
    await expect(resolveExecEnv({ sutUrl: 'tango://nohost' }, { ...none, env: {} })).rejects.toBeInstanceOf(ConfigError);
  });
});
