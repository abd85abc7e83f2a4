import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ProcedureSummary } from '@ska/oet-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) =>
  run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd });

let t: TestServer;
let bare: string;

beforeAll(async () => {
  t = await startTestServer({ gitAllowFile: true });
  const work = path.join(t.tmp, 'work');
  bare = path.join(t.tmp, 'env.git');
  await mkdir(path.join(work, 'scripts'), { recursive: true });
  await git(t.tmp, 'init', '-q', '-b', 'main', work);
  // `commander` is installed next to the server, not in the clone (no package.json, no create_env)
  await writeFile(
    path.join(work, 'scripts', 'uses-default-env.js'),
    `import { Command } from 'commander';\nexport function main(_i, ctx) { ctx.publish('user.env.default', { command: typeof Command }); }\n`,
  );
  await writeFile(path.join(work, 'scripts', 'missing.js'), `import 'no-such-package-anywhere';\nexport function main() {}\n`);
  await git(work, 'add', '.');
  await git(work, 'commit', '-q', '-m', 'scripts');
  await git(t.tmp, 'clone', '-q', '--bare', work, bare);
});
afterAll(async () => {
  await t?.close();
});

const createGit = async (file: string): Promise<ProcedureSummary> => {
  const res = await call<ProcedureSummary>(`${t.url}/procedures/`, 'POST', {
    script: { script_type: 'git', script_uri: `git://${file}`, git_args: { git_repo: bare, git_branch: 'main' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

describe('git scripts get a default environment', () => {
  it("imports a package installed next to the server without create_env (OET's image environment)", async () => {
    const stream = await SseReader.open(`${t.url}/stream?topics=user.env`);
    try {
      const p = await createGit('scripts/uses-default-env.js');
      await waitForState(t.url, p.id, ['READY'], 30_000);
      await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' });
      expect((await waitForState(t.url, p.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
      await stream.waitFor((s) => s.events.length === 1);
      expect(stream.events[0]!.data).toMatchObject({ command: 'function' });
    } finally {
      await stream.close();
    }
  });

  it('a package in neither place still fails with ERR_MODULE_NOT_FOUND naming it', async () => {
    const p = await createGit('scripts/missing.js');
    const failed = await waitForState(t.url, p.id, ['FAILED', 'READY'], 30_000);
    expect(failed.state).toBe('FAILED');
    expect(failed.history.stacktrace).toContain('no-such-package-anywhere');
  });
});
