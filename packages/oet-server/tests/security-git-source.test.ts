import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { branchNameProblem } from '../src/sources/git-ref.js';
import { call, startTestServer, waitForState, type TestServer } from './helpers.js';

const run = promisify(execFile);

type Detail = { detail: Array<{ type: string; loc: Array<string | number>; msg: string }> | string };

let t: TestServer;
let strict: TestServer;
beforeAll(async () => {
  t = await startTestServer({ gitAllowFile: true });
  strict = await startTestServer({ gitRepoAllow: ['https://gitlab.com/ska-telescope/'] });
});
afterAll(async () => {
  await t?.close();
  await strict?.close();
});

const post = (server: TestServer, gitArgs: Record<string, unknown>, createEnv = false) =>
  call<Detail>(`${server.url}/procedures/`, 'POST', { script: { script_type: 'git', script_uri: 'git://scripts/x.js', git_args: gitArgs, create_env: createEnv } });

describe('(item 3) git_commit and git_branch are validated before anything runs', () => {
  it.each([
    ['git_commit', '../../../outside'],
    ['git_commit', 'abc'],
    ['git_commit', 'zzzzzzz'],
    ['git_commit', `${'a'.repeat(40)}/../x`],
    ['git_branch', '../../x'],
    ['git_branch', 'a..b'],
    ['git_branch', 'x.lock'],
    ['git_branch', 'has space'],
    ['git_branch', 'a/.hidden'],
    ['git_branch', 'tilde~1'],
    ['git_branch', 'at@{1}'],
  ])('%s %j -> 422 naming the field', async (key, value) => {
    const res = await post(t, { git_repo: path.join(t.tmp, 'none.git'), [key]: value }, true);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'script', 'git_args', key] })]);
  });

  it('a commit path planted outside the cache never runs: no procedure, no file outside', async () => {
    const outside = path.join(t.tmp, 'outside');
    await mkdir(path.join(outside, 'scripts'), { recursive: true });
    await writeFile(path.join(outside, 'scripts', 'x.js'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(path.join(outside, 'ran'))}, 'x'); export function main() {}`);
    const res = await post(t, { git_repo: path.join(t.tmp, 'none.git'), git_commit: '../../../outside' });
    expect(res.status).toBe(422);
    expect((await call<unknown[]>(`${t.url}/procedures/`)).body).toEqual([]);
    expect(existsSync(path.join(outside, 'ran'))).toBe(false);
  });

  // (git expands '@' itself in --branch mode, so it is left out; we refuse it as a name)
  it('the branch rules agree with git check-ref-format --branch', async () => {
    const names = ['main', 'feature/x', 'release-1.2', 'a..b', 'x.lock', '.hidden', 'a/.b', 'end.', 'a//b', '/lead', 'trail/', 'sp ace', 'q?', 'star*', 'br[ack', 'back\\slash', 'at@{1}', 'col:on', 'ü-unicode', 'a@b'];
    for (const name of names) {
      const gitSays = await run('git', ['check-ref-format', '--branch', name], { cwd: os.tmpdir() }).then(
        () => true,
        () => false,
      );
      expect(branchNameProblem(name) === undefined, name).toBe(gitSays);
    }
  });
});

describe('(item 3) git repositories: scheme allow-list and prefixes', () => {
  it.each([
    ['git://example.org/repo.git', 'scheme git://'],
    ['http://example.org/repo.git', 'scheme http://'],
    ['ext::sh', 'remote helper'],
    ['ext::sh -c touch% /tmp/pwned', 'spaces'],
    ['fd::17', 'remote helper'],
    ['relative/path', 'https:// or ssh://'],
  ])('%s -> 422 (%s)', async (repo, why) => {
    const res = await post(t, { git_repo: repo });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.detail)).toContain(why.split(' ')[0]!);
  });

  it('local repositories (paths, file://) only when enabled', async () => {
    for (const repo of ['/srv/repos/x.git', 'file:///srv/repos/x.git']) {
      const res = await post(strict, { git_repo: repo });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.detail)).toContain('--git-allow-file');
    }
  });

  it('with --git-repo-allow, only repositories under a prefix; dot segments cannot climb out of it', async () => {
    for (const repo of ['https://github.com/evil/x.git', 'https://gitlab.com/ska-telescope-evil/x.git', 'https://gitlab.com/ska-telescope/../evil/x.git', 'https://gitlab.com/ska-telescope/%2e%2e/evil/x.git']) {
      const res = await post(strict, { git_repo: repo });
      expect(res.status, repo).toBe(422);
    }
    // under the prefix: accepted (a local path, so no network is used; it fails later as it does not exist)
    const local = await startTestServer({ gitAllowFile: true, gitRepoAllow: ['/srv/allowed/'] });
    try {
      expect((await post(local, { git_repo: '/srv/other/x.git' })).status).toBe(422);
      const ok = await post(local, { git_repo: '/srv/allowed/x.git', git_branch: 'main' });
      expect(ok.status).toBe(201);
      await waitForState(local.url, 1, ['FAILED']);
    } finally {
      await local.close();
    }
  });
});
