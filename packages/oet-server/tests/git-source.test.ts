import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, statesOf, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd });

let t: TestServer;
let stream: SseReader;
let bare: string;
let firstCommit: string;
let secondCommit: string;

beforeAll(async () => {
  t = await startTestServer({ gitAllowFile: true });
  stream = await SseReader.open(`${t.url}/stream?topics=user`);
  const work = path.join(t.tmp, 'work');
  bare = path.join(t.tmp, 'scripts.git');
  await mkdir(path.join(work, 'scripts'), { recursive: true });
  await git(t.tmp, 'init', '-q', '-b', 'main', work);
  await writeFile(
    path.join(work, 'scripts', 'obs.js'),
    `import { existsSync } from 'node:fs';
export function main(_input, ctx) {
  ctx.publish('user.git.version', { version: 1, sentinel: existsSync(new URL('../sentinel', import.meta.url)) });
}
`,
  );
  await git(work, 'add', '.');
  await git(work, 'commit', '-q', '-m', 'first');
  firstCommit = (await git(work, 'rev-parse', 'HEAD')).stdout.trim();
  await writeFile(path.join(work, 'scripts', 'obs.js'), `export function main(_input, ctx) { ctx.publish('user.git.version', { version: 2 }); }\n`);
  await mkdir(path.join(work, 'localdep'));
  await writeFile(path.join(work, 'localdep', 'package.json'), JSON.stringify({ name: 'localdep', version: '1.0.0', type: 'module', main: 'index.js' }));
  await writeFile(path.join(work, 'localdep', 'index.js'), `export const answer = 42;\n`);
  await writeFile(path.join(work, 'package.json'), JSON.stringify({ name: 'obs-scripts', version: '1.0.0', private: true, type: 'module', dependencies: { localdep: 'file:./localdep' } }));
  await writeFile(path.join(work, 'scripts', 'with-dep.js'), `import { answer } from 'localdep';\nexport function main(_i, ctx) { ctx.publish('user.git.dep', { answer }); }\n`);
  await git(work, 'add', '.');
  await git(work, 'commit', '-q', '-m', 'second');
  secondCommit = (await git(work, 'rev-parse', 'HEAD')).stdout.trim();
  await git(t.tmp, 'clone', '-q', '--bare', work, bare);
});
afterAll(async () => {
  await stream?.close();
  await t?.close();
});

const createGit = async (file: string, gitArgs: Record<string, unknown>, createEnv?: boolean) => {
  const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', {
    script: { script_type: 'git', script_uri: `git://${file}`, git_args: gitArgs, ...(createEnv === undefined ? {} : { create_env: createEnv }) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const runToEnd = async (id: number) => {
  await waitForState(t.url, id, ['READY'], 30_000);
  await call(`${t.url}/procedures/${id}`, 'PUT', { state: 'RUNNING' });
  return waitForState(t.url, id, ['COMPLETE', 'FAILED'], 30_000);
};

const cloneRoot = () => path.join(t.tmp, 'cache', 'clones');

describe('git scripts', () => {
  it('O-REST-37: clones a branch shallowly, echoes git_args with defaults, and reuses the clone per commit', async () => {
    const p = await createGit('scripts/obs.js', { git_repo: bare });
    expect(p.script).toEqual({
      script_type: 'git',
      script_uri: 'git://scripts/obs.js',
      git_args: { git_repo: bare, git_branch: 'main', git_commit: null },
      create_env: false,
    });
    const done = await runToEnd(p.id);
    expect(done.state).toBe('COMPLETE');
    expect(statesOf(done).slice(0, 4)).toEqual(['CREATING', 'IDLE', 'LOADING', 'IDLE']);
    const [project] = await readdir(cloneRoot());
    const dir = path.join(cloneRoot(), project!, secondCommit);
    expect(existsSync(dir)).toBe(true);
    expect((await git(dir, 'rev-parse', '--is-shallow-repository')).stdout.trim()).toBe('true');
    expect(await readdir(path.join(cloneRoot(), project!))).toEqual([secondCommit]);
  });

  it('O-REST-37: checks out a given commit (branch left null) and reuses that clone', async () => {
    const p = await createGit('scripts/obs.js', { git_repo: bare, git_commit: firstCommit });
    expect(p.script).toMatchObject({ git_args: { git_repo: bare, git_branch: null, git_commit: firstCommit } });
    expect((await runToEnd(p.id)).state).toBe('COMPLETE');
    const [project] = await readdir(cloneRoot());
    const dir = path.join(cloneRoot(), project!, firstCommit);
    await writeFile(path.join(dir, 'sentinel'), 'reuse me');
    const q = await createGit('scripts/obs.js', { git_repo: bare, git_commit: firstCommit });
    expect((await runToEnd(q.id)).state).toBe('COMPLETE');
    const versions = stream.events.filter((e) => e.data.topic === 'user.git.version');
    expect(versions.find((e) => e.data.msg_src === String(p.id))!.data).toMatchObject({ version: 1, sentinel: false });
    expect(versions.find((e) => e.data.msg_src === String(q.id))!.data).toMatchObject({ version: 1, sentinel: true });
  });

  it('O-REST-37: without create_env a dependency is missing (ERR_MODULE_NOT_FOUND); with it PREP_ENV installs it', async () => {
    const without = await createGit('scripts/with-dep.js', { git_repo: bare, git_branch: 'main' });
    const failed = await waitForState(t.url, without.id, ['FAILED'], 30_000);
    expect(failed.history.stacktrace).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package 'localdep'/);

    const withEnv = await createGit('scripts/with-dep.js', { git_repo: bare, git_branch: 'main' }, true);
    const done = await runToEnd(withEnv.id);
    expect(done.state, String(done.history.stacktrace)).toBe('COMPLETE');
    expect(statesOf(done).slice(0, 6)).toEqual(['CREATING', 'IDLE', 'PREP_ENV', 'IDLE', 'LOADING', 'IDLE']);
    await stream.waitFor((s) => s.events.some((e) => e.data.topic === 'user.git.dep' && e.data.msg_src === String(withEnv.id)));
    expect(stream.events.find((e) => e.data.topic === 'user.git.dep')!.data.answer).toBe(42);
  });

  it('fails clearly for an unknown branch or repository', async () => {
    const branch = await createGit('scripts/obs.js', { git_repo: bare, git_branch: 'nope' });
    expect((await waitForState(t.url, branch.id, ['FAILED'], 30_000)).history.stacktrace).toMatch(/Branch nope not found/);
    const repo = await createGit('scripts/obs.js', { git_repo: path.join(t.tmp, 'missing.git') });
    expect((await waitForState(t.url, repo.id, ['FAILED'], 30_000)).history.stacktrace).toMatch(/git ls-remote failed/);
  });
});
