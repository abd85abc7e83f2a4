import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@observatory/core';
import { resolveOetConfig, runCli } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'oet-sec-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const base = () => ({ scriptsRoot: [dir] });

describe('security configuration (flag > env > default)', () => {
  it('defaults: no authentication, 32 procedures, local git repositories off', async () => {
    const { server } = await resolveOetConfig(base(), {}, {});
    expect(server).toMatchObject({ auth: { mode: 'none' }, insecureNoAuth: false, allowedHosts: [], maxProcedures: 32, gitAllowFile: false, gitRepoAllow: [] });
    expect(server.eventLimits).toEqual({ maxEventBytes: 1048576, maxReplayBytes: 33554432, maxClientQueueBytes: 8388608 });
  });

  it('reads the environment, and flags beat it', async () => {
    const env = {
      OET_AUTH: 'jwt',
      OET_JWT_SECRET_FILE: '/etc/oet/secret',
      OET_JWT_AUDIENCE: 'oet',
      OET_ALLOWED_HOSTS: 'oet.example.org, other.example.org',
      OET_MAX_PROCEDURES: '8',
      OET_GIT_ALLOW_FILE: 'yes',
      OET_GIT_REPO_ALLOW: 'https://gitlab.com/a/,https://gitlab.com/b/',
      OET_MAX_EVENT_BYTES: '4096',
    };
    const fromEnv = (await resolveOetConfig(base(), {}, env)).server;
    expect(fromEnv).toMatchObject({
      auth: { mode: 'jwt', secretFile: '/etc/oet/secret', audience: 'oet' },
      allowedHosts: ['oet.example.org', 'other.example.org'],
      maxProcedures: 8,
      gitAllowFile: true,
      gitRepoAllow: ['https://gitlab.com/a/', 'https://gitlab.com/b/'],
      eventLimits: { maxEventBytes: 4096 },
    });
    const fromFlags = (await resolveOetConfig({ ...base(), maxProcedures: '3', allowedHost: ['x.example'], gitRepoAllow: ['https://c/'] }, {}, env)).server;
    expect(fromFlags).toMatchObject({ maxProcedures: 3, allowedHosts: ['x.example'], gitRepoAllow: ['https://c/'] });
  });

  it.each([
    [{ OET_AUTH: 'basic' }, 'OET_AUTH'],
    [{ OET_AUTH: 'jwt' }, 'exactly one of'],
    [{ OET_AUTH: 'jwt', OET_JWT_JWKS: '/k.json', OET_JWT_SECRET_FILE: '/s' }, 'exactly one of'],
    [{ OET_MAX_PROCEDURES: '0' }, 'OET_MAX_PROCEDURES'],
  ])('invalid %j stops startup naming %s', async (env, name) => {
    const err = await resolveOetConfig(base(), {}, env).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(name);
  });
});

describe('oet-rest refuses to expose itself without authentication', () => {
  it('--host 0.0.0.0 without --auth: a clear error, exit 1, nothing listening', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    try {
      const code = await runCli(['node', 'oet-rest', '--host', '0.0.0.0', '--port', '0', '--scripts-root', dir, '--log-level', 'silent'], {
        env: { OET_CACHE_DIR: path.join(dir, 'cache') },
      });
      expect(code).toBe(1);
      expect(errors.join('\n')).toContain('Refusing to listen on 0.0.0.0 without authentication');
    } finally {
      spy.mockRestore();
    }
  });
});
