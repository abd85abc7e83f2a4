import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOetConfig } from '@ska/oet-server';
import { resolveConsoleConfig } from '../src/config/console-config.js';
import { call, startTestServer, type TestServer } from './helpers.js';

describe('GET {base}/scripts/', () => {
  let t: TestServer;
  let outside: string;

  beforeAll(async () => {
    t = await startTestServer();
    outside = await mkdtemp(path.join(os.tmpdir(), 'oet-outside-'));
    await writeFile(path.join(outside, 'secret.js'), 'export function main() {}');
    await mkdir(path.join(t.root, 'nested', 'deeper'), { recursive: true });
    await writeFile(path.join(t.root, 'nested', 'deeper', 'scan.ts'), 'export function main() {}');
    await mkdir(path.join(t.root, 'node_modules', 'dep'), { recursive: true });
    await writeFile(path.join(t.root, 'node_modules', 'dep', 'index.js'), '');
    await writeFile(path.join(t.root, 'notes.txt'), 'not a script');
    await symlink(path.join(outside, 'secret.js'), path.join(t.root, 'escape.js'));
    await symlink(outside, path.join(t.root, 'escape-dir'));
    await symlink(path.join(t.root, 'nested', 'deeper', 'scan.ts'), path.join(t.root, 'alias.ts'));
  });

  afterAll(async () => {
    await t?.close();
    await rm(outside, { recursive: true, force: true });
  });

  it('lists the scripts under the roots, never a path outside them', async () => {
    const { status, body } = await call<Array<{ script_uri: string; root: string; path: string }>>(`${t.url}/scripts/`);
    expect(status).toBe(200);
    const paths = body.map((s) => s.path);
    expect(paths).toContain('nested/deeper/scan.ts');
    expect(paths).toContain('alias.ts'); // a link that stays inside the root
    expect(paths).not.toContain('escape.js');
    expect(paths.some((p) => p.startsWith('escape-dir'))).toBe(false);
    expect(paths.some((p) => p.includes('node_modules') || p.endsWith('.txt'))).toBe(false);
    expect(JSON.stringify(body)).not.toContain(outside);
    for (const s of body) expect(decodeURIComponent(new URL(s.script_uri).pathname).startsWith(`${s.root}/`)).toBe(true);
    // the same list without the slash, and every listed script can be created
    expect((await call(`${t.url}/scripts`)).body).toEqual(body);
    const created = await call<{ state: string }>(`${t.url}/procedures/`, 'POST', { script: { script_type: 'filesystem', script_uri: body[0]!.script_uri } });
    expect(created.status).toBe(201);
  });
});

describe('the console at /console', () => {
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oet-console-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    await writeFile(path.join(dir, '.secret'), 'hidden');
    t = await startTestServer({ consoleDir: dir, telescopeUrl: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page, its assets and where the API is', async () => {
    const origin = new URL(t.url).origin;
    const redirect = await fetch(`${origin}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await fetch(`${origin}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<title>console</title>');
    const asset = await fetch(`${origin}/console/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const config = await call(`${origin}/console/config.json`);
    expect(config).toEqual({ status: 200, body: { apiBase: new URL(t.url).pathname, telescope: true } });
  });

  it('answers only for allowed Host names (no DNS rebinding into the console)', async () => {
    const { port } = t.server.address()!;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/console/', headers: { host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('serves nothing outside its directory and no dotfiles', async () => {
    const origin = new URL(t.url).origin;
    for (const p of ['/console/..%2f..%2fetc%2fpasswd', '/console/%2e%2e/%2e%2e/etc/passwd', '/console/.secret', '/console/missing.js']) {
      const res = await fetch(`${origin}${p}`);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(await res.text(), p).not.toMatch(/root:|hidden/);
    }
  });

  it('answers 502 naming the problem when the relayed telescope is unreachable', async () => {
    const res = await call<{ detail: string }>(`${t.url}/telescope`);
    expect(res.status).toBe(502);
    expect(res.body.detail).toMatch(/The telescope at the configured URL did not answer/);
  });
});

describe('console configuration', () => {
  it('takes the telescope URL from OET_TELESCOPE_URL, else TELESCOPE_SIM_URL, and refuses a non-URL', () => {
    expect(resolveConsoleConfig({}, { TELESCOPE_SIM_URL: 'http://127.0.0.1:5100' })).toEqual({ consoleDir: undefined, telescopeUrl: 'http://127.0.0.1:5100' });
    expect(resolveConsoleConfig({}, { OET_TELESCOPE_URL: 'http://a:1', TELESCOPE_SIM_URL: 'http://b:2' }).telescopeUrl).toBe('http://a:1');
    expect(() => resolveConsoleConfig({ telescopeUrl: 'ftp://x' }, {})).toThrow(expect.objectContaining({ code: 'CORE_CONFIG_INVALID' }));
  });

  it('stops startup when the console files are missing', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'oet-noconsole-'));
    try {
      expect(() => resolveConsoleConfig({ console: true, consoleDir: empty }, {})).toThrow(/no index.html/);
      expect(() => resolveConsoleConfig({}, { OET_CONSOLE_DIR: empty })).toThrow(/no index.html/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('reaches the server options from the oet-rest flags and the environment', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oet-console-cli-'));
    try {
      await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
      const env = { HOME: dir, OET_TELESCOPE_URL: 'http://127.0.0.1:5100' };
      const fromFlags = await resolveOetConfig({ scriptsRoot: [dir], console: true, consoleDir: dir }, {}, env);
      expect(fromFlags.server).toMatchObject({ consoleDir: dir, telescopeUrl: 'http://127.0.0.1:5100' });
      const fromEnv = await resolveOetConfig({ scriptsRoot: [dir] }, {}, { ...env, OET_CONSOLE_DIR: dir });
      expect(fromEnv.server.consoleDir).toBe(dir);
      expect((await resolveOetConfig({ scriptsRoot: [dir] }, {}, { HOME: dir })).server.consoleDir).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds the installed @ska/oet-ui, or says how to build it', () => {
    // oet-server's tests do not wait for the console's build, so both cases are checked
    const dist = path.join(path.dirname(createRequire(import.meta.url).resolve('@ska/oet-ui/package.json')), 'dist');
    if (existsSync(path.join(dist, 'index.html'))) expect(resolveConsoleConfig({ console: true }, {}).consoleDir).toBe(dist);
    else expect(() => resolveConsoleConfig({ console: true }, {})).toThrow(/npx nx run @ska\/oet-ui:build/);
  });
});
