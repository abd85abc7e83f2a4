import path from 'node:path';
import { hasControlOrSpace } from './git-ref.js';

/** Which repositories `git_repo` may name. */
export interface GitRepoPolicy {
  /** `file://` URLs and local paths (default false: a request could otherwise read any local repository). */
  allowFile?: boolean;
  /** When non-empty, the repository must start with one of these prefixes (`https://gitlab.com/ska-telescope/`). */
  repoAllow?: readonly string[];
}

/** scp-like ssh address: `git@host:path` (no scheme, a colon before any slash). */
const SCP_LIKE = /^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]/;

/**
 * Why `repo` is not allowed, or undefined. Schemes: `https`, `ssh` (also `user@host:path`), and
 * `file`/local paths only when enabled; never `git://`, `http://`, `ext::` or other transports.
 */
export function gitRepoProblem(repo: string, policy: GitRepoPolicy): string | undefined {
  if (repo.length > 2048) return 'is longer than 2048 characters';
  if (hasControlOrSpace(repo)) return 'must not contain spaces or control characters';
  if (repo.startsWith('-')) return "must not start with '-'";
  // a prefix check means nothing if the path can climb out of it afterwards
  if (/(^|[/\\])\.\.?([/\\]|$)/.test(repo) || /%2e|%2f|%5c/i.test(repo)) return "must not contain '.' or '..' segments or encoded dots and slashes";
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(repo)?.[1]?.toLowerCase();
  let kind: 'https' | 'ssh' | 'file';
  if (scheme === 'https' || scheme === 'ssh' || scheme === 'file') kind = scheme;
  else if (scheme !== undefined) return `uses the scheme ${scheme}://; allowed: https://, ssh://${policy.allowFile ? ', file://' : ''}`;
  else if (SCP_LIKE.test(repo)) kind = 'ssh';
  else if (repo.includes('::')) return "must not name a git remote helper ('::')";
  else if (path.isAbsolute(repo)) kind = 'file';
  else return 'must be an https:// or ssh:// URL (or an absolute path when local repositories are enabled)';
  if (kind === 'file' && !policy.allowFile) return 'is a local repository; local repositories are not enabled on this server (--git-allow-file)';
  const prefixes = policy.repoAllow ?? [];
  if (prefixes.length > 0 && !prefixes.some((prefix) => repo.startsWith(prefix))) return 'is not under an allowed repository prefix (--git-repo-allow)';
  return undefined;
}
