import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOetServer, type ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../src/cache/cache-dir.js';
import { call, create, createBody, startTestServer, waitForState, type TestServer } from './helpers.js';

describe('(item 5) a cap on unfinished procedures', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ maxProcedures: 2 });
  });
  afterAll(() => t?.close());

  it('beyond --max-procedures, creating is 429 with Retry-After and a detail; room again once one ends', async () => {
    const a = await create(t, 'slow-init.js');
    const b = await create(t, 'slow-init.js');
    const res = await fetch(`${t.url}/procedures/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(createBody(t.root, 'slow-init.js')) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { detail: string }).detail).toContain('Too many procedures');
    // no process was started for the refused one
    expect((await call<ProcedureSummary[]>(`${t.url}/procedures/`)).body.map((p) => p.id)).toEqual([a.id, b.id]);
    await waitForState(t.url, a.id, ['INITIALISING']);
    expect((await call(`${t.url}/procedures/${a.id}`, 'PUT', { state: 'STOPPED' })).status).toBe(200);
    const c = await create(t, 'no-init.js');
    expect(c.id).toBe(b.id + 1);
    await call(`${t.url}/procedures/${b.id}`, 'PUT', { state: 'STOPPED' });
  });
});

describe('(item 8) the cache directory', () => {
  let tmp: string;
  let root: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-cache-test-'));
    root = path.join(tmp, 'scripts');
    await mkdir(root);
    await writeFile(path.join(root, 'ok.js'), `export function main(_i, ctx) { ctx.publish('user.ok', {}); }\n`);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  const start = (cacheDir: string) => createOetServer({ port: 0, scriptRoots: [root], cacheDir, stopGraceMs: 300 });

  it('defaults to $XDG_CACHE_HOME/ska-oet or ~/.cache/ska-oet, never the shared temp directory', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u')).toBe('/x/cache/ska-oet');
    expect(defaultCacheDir({}, '/home/u')).toBe('/home/u/.cache/ska-oet');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/ska-oet');
  });

  it('creates a missing cache directory 0700', async () => {
    const dir = path.join(tmp, 'fresh', 'cache');
    const server = await start(dir);
    await server.close();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a cache directory others can write to', async () => {
    const dir = path.join(tmp, 'open');
    await mkdir(dir);
    await chmod(dir, 0o777);
    await expect(start(dir)).rejects.toMatchObject({ code: 'OET_CACHE_DIR_UNSAFE', message: expect.stringContaining('writable by everyone') });
    await chmod(dir, 0o775);
    await expect(start(dir)).rejects.toMatchObject({ code: 'OET_CACHE_DIR_UNSAFE' });
  });

  it.runIf(process.getuid?.() === 0)('refuses a cache directory owned by another user', async () => {
    const dir = path.join(tmp, 'theirs');
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, 65534, 65534);
    await expect(start(dir)).rejects.toMatchObject({ code: 'OET_CACHE_DIR_UNSAFE', message: expect.stringContaining('owned by uid 65534') });
  });

  it('a planted child runtime is replaced, never run', async () => {
    const dir = path.join(tmp, 'planted');
    const first = await start(dir);
    await first.close();
    const runtime = path.join(dir, 'runtime');
    const [file] = (await readdir(runtime)).filter((f) => f.startsWith('child-main-') && f.endsWith('.mjs'));
    expect(file).toBeDefined();
    const marker = path.join(tmp, 'planted-ran');
    await writeFile(path.join(runtime, file!), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x');\nimport('node:fs').then((fs) => fs.writeFileSync(${JSON.stringify(marker)}, 'x'));\n`);
    const server = await start(dir);
    try {
      const url = await server.listen();
      const created = await call<ProcedureSummary>(`${url}/procedures/`, 'POST', { script: { script_type: 'filesystem', script_uri: `file://${path.join(root, 'ok.js')}` } });
      await waitForState(url, created.body.id, ['READY']);
      expect((await call(`${url}/procedures/${created.body.id}`, 'PUT', { state: 'RUNNING' })).status).toBe(200);
      expect((await waitForState(url, created.body.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
      expect(existsSync(marker)).toBe(false);
    } finally {
      await server.close();
    }
  });
});
