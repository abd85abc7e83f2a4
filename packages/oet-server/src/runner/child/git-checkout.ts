import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { isCommitId } from '../../sources/git-ref.js';
import type { GitCheckoutRequest } from '../child-protocol.js';
import { runCommand } from './run-command.js';

const gitEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GIT_TERMINAL_PROMPT: '0' });

async function git(args: string[], timeoutMs: number, cwd?: string): Promise<string> {
  const { code, output } = await runCommand('git', args, { cwd, env: gitEnv(), timeoutMs });
  if (code !== 0) throw new Error(`git ${args[0] ?? ''} failed (exit ${String(code)}): ${output}`);
  return output;
}

/**
 * The cache folder name of a repository: its path with anything but `[A-Za-z0-9._-]` replaced by `-`,
 * cut to 80 characters, plus a hash of the exact repository text, so two repositories never share a
 * folder and no name can climb out of `clones/`.
 */
export function projectName(repo: string): string {
  const hash = createHash('sha256').update(repo).digest('hex').slice(0, 12);
  return `${readableName(repo).slice(0, 80)}-${hash}`;
}

function readableName(repo: string): string {
  let location = repo;
  try {
    const url = new URL(repo);
    location = url.host + url.pathname;
  } catch {
    // a local path or scp-like address
  }
  const name = location
    .replace(/\.git$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name || 'repo';
}

/** Resolves the commit (ls-remote) and makes sure `<cache>/clones/<project>/<commit>` holds it. */
export async function gitCheckout(req: GitCheckoutRequest): Promise<{ dir: string; commit: string }> {
  let commit = req.commit;
  if (!commit) {
    const ref = req.branch ? `refs/heads/${req.branch}` : 'HEAD';
    const out = await git(['ls-remote', '--', req.repo, ref], req.timeoutMs);
    const first = out.split('\n').find((line) => line.trim() !== '');
    if (!first) throw new Error(`Branch ${req.branch ?? 'HEAD'} not found in ${req.repo}`);
    commit = first.split(/\s+/)[0]!;
  }
  // the commit comes from the request or from the remote's answer: either way it must be an object id
  if (!isCommitId(commit)) throw new Error(`Not a commit id: ${JSON.stringify(commit.slice(0, 80))}`);
  const clones = path.resolve(req.cacheDir, 'clones');
  const dir = path.resolve(clones, projectName(req.repo), commit.toLowerCase());
  if (path.dirname(path.dirname(dir)) !== clones) throw new Error(`Clone directory ${dir} is outside ${clones}`);
  if (existsSync(dir)) return { dir, commit };

  // Clone beside the final place and rename into it: the rename is atomic, so concurrent procedures
  // on one commit never see a half-made clone, and the loser simply discards its copy.
  const tmp = `${dir}.tmp-${process.pid}`;
  await mkdir(path.dirname(dir), { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  // git ignores --depth for plain local paths; as file:// URLs they clone shallowly too
  const source = path.isAbsolute(req.repo) ? pathToFileURL(req.repo).href : req.repo;
  try {
    if (req.commit === null && req.branch) {
      await git(['clone', '--quiet', '--depth', '1', '--single-branch', '--branch', req.branch, '--', source, tmp], req.timeoutMs);
    } else {
      await git(['clone', '--quiet', '--no-checkout', '--', source, tmp], req.timeoutMs);
      await git(['checkout', '--quiet', '--detach', commit], req.timeoutMs, tmp);
    }
    await writeFile(path.join(tmp, '.oet-clone'), `${commit}\n`);
    try {
      await rename(tmp, dir);
    } catch (err) {
      if (!existsSync(dir)) throw err;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { dir, commit };
}
