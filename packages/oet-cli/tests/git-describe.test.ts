import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { ProcedureSummary } from '../src/index.js';
import { test } from './support/fixtures.js';
import { json, runOet, waitForState } from './support/harness.js';

const git = promisify(execFile);

test('a git:// script from a local repository: describe shows the Repository | Branch | Commit table', async ({ oet }) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-cli-git-'));
  try {
    const work = path.join(tmp, 'work');
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };
    await git('git', ['init', '-q', '-b', 'main', work]);
    await writeFile(path.join(work, 'observe.js'), "export function main(_i, ctx) { ctx.publish('user.script.announce', { msg: 'from git' }); }\n");
    await git('git', ['add', 'observe.js'], { cwd: work });
    await git('git', ['commit', '-q', '-m', 'script'], { cwd: work, env });
    const commit = (await git('git', ['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();

    const server = ['--server-url', oet.url];
    const created = await runOet([...server, '--json', 'create', 'git://observe.js', `--git_repo=${work}`, '--git_branch=main']);
    expect(created.code).toBe(0);
    expect(json<ProcedureSummary>(created).script).toMatchObject({ script_type: 'git', git_args: { git_repo: work, git_branch: 'main' }, create_env: false });
    await waitForState(oet.url, 1, ['READY']);
    const started = await runOet([...server, 'procedure', 'start']);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('- Script message: from git');

    const described = await runOet([...server, 'procedure', 'describe']);
    const gitTable = described.stdout.trimEnd().split('\n\n').at(-1)!.split('\n');
    expect(gitTable[0]).toMatch(/^Repository\s+Branch {2}Commit$/);
    expect(gitTable[2]).toMatch(new RegExp(`^${work}\\s+main( {4}${commit})?$`)); // the server may leave git_commit null
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
