import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptOutsideRootsError, ScriptValidationError } from '../errors.js';
import { ScriptRoots } from './script-roots.js';
import { toCreateRequest } from './script-request.js';

let tmp: string;
let roots: ScriptRoots;
const git = { repo: undefined, branch: 'main' };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'oet-req-'));
  await mkdir(path.join(tmp, 'root', 'inner'), { recursive: true });
  await writeFile(path.join(tmp, 'root', 'a.js'), '');
  await writeFile(path.join(tmp, 'evil.js'), '');
  await symlink(path.join(tmp, 'evil.js'), path.join(tmp, 'root', 'out.js'));
  await symlink(path.join(tmp, 'root', 'a.js'), path.join(tmp, 'root', 'inner', 'in.js'));
  roots = new ScriptRoots([path.join(tmp, 'root')]);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const fs = (uri: string) => toCreateRequest({ script: { script_type: 'filesystem', script_uri: uri } }, roots, git);

describe('file:// scripts', () => {
  it('accepts files in a root (existing or not) and symlinks that stay inside', () => {
    expect(fs(`file://${tmp}/root/a.js`).path).toBe(path.join(roots.roots[0]!, 'a.js'));
    expect(fs(`file://${tmp}/root/new/b.ts`).path).toBe(path.join(roots.roots[0]!, 'new', 'b.ts'));
    expect(fs(`file://${tmp}/root/inner/in.js`).path).toBe(path.join(roots.roots[0]!, 'a.js'));
    expect(fs(`file://${tmp}/root/inner/../a.js`).path).toBe(path.join(roots.roots[0]!, 'a.js'));
  });

  it.each(['/etc/x.js', '/root/../etc/x.js', 'ROOT/../evil.js', 'ROOT/%2E%2E/evil.js', 'ROOT/out.js', 'ROOTx/a.js'])(
    'refuses %s with 403',
    (p) => {
      const uri = `file://${p.replace('ROOT', `${tmp}/root`)}`;
      expect(() => fs(uri)).toThrow(ScriptOutsideRootsError);
    },
  );

  it('percent-decodes, and rejects bad encodings, NUL, relative paths and other extensions with 422', () => {
    expect(fs(`file://${tmp}/root/with%20space.js`).path).toBe(path.join(roots.roots[0]!, 'with space.js'));
    for (const uri of [`file://${tmp}/root/%zz.js`, `file://${tmp}/root/a%00.js`, 'file://a.js', `file://${tmp}/root/a.sh`]) {
      expect(() => fs(uri), uri).toThrow(ScriptValidationError);
    }
  });
});

describe('git:// scripts', () => {
  it('fills the default branch, leaves it null with a commit, and uses the default repository', () => {
    const a = toCreateRequest({ script: { script_type: 'git', script_uri: 'git://x/y.ts', git_args: { git_repo: 'https://example.org/r.git' } } }, roots, git);
    expect(a.script).toEqual({ script_type: 'git', script_uri: 'git://x/y.ts', git_args: { git_repo: 'https://example.org/r.git', git_branch: 'main', git_commit: null }, create_env: false });
    expect(a.path).toBe('x/y.ts');
    const b = toCreateRequest({ script: { script_type: 'git', script_uri: 'git://y.js', git_args: { git_commit: 'abc1234' } } }, roots, { repo: 'def', branch: 'dev' });
    expect(b.script).toMatchObject({ git_args: { git_repo: 'def', git_branch: null, git_commit: 'abc1234' } });
  });
});
