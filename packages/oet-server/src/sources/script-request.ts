import path from 'node:path';
import type { ValidationIssue } from '../errors.js';
import { ScriptValidationError } from '../errors.js';
import type { CreateRequest, GitArgs, ScriptArgs } from '../procedure/script-spec.js';
import type { ScriptInput } from '../script-types.js';
import type { ScriptRoots } from './script-roots.js';
import { branchNameProblem, isCommitId } from './git-ref.js';
import { gitRepoProblem, type GitRepoPolicy } from './git-repo-policy.js';

/** The POST body after JSON-schema validation (types checked, values not yet). */
export interface CreateBody {
  script: {
    script_type: 'filesystem' | 'git';
    script_uri: string;
    create_env?: boolean;
    git_args?: { git_repo?: string | null; git_branch?: string | null; git_commit?: string | null };
  };
  script_args?: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> }>;
}

export interface GitDefaults extends GitRepoPolicy {
  repo: string | undefined;
  branch: string;
}

/** Longest script path accepted (Linux PATH_MAX); longer ones are refused before any resolution. */
export const MAX_SCRIPT_PATH_BYTES = 4096;

const EXTENSIONS = new Set(['.js', '.mjs', '.ts', '.mts']);
const PREFIX = { filesystem: 'file://', git: 'git://' } as const;
const CLASS = { filesystem: 'FileSystemScript', git: 'GitScript' } as const;

const issue = (loc: Array<string | number>, msg: string): ValidationIssue => ({ type: 'value_error', loc, msg });

function decode(text: string, loc: Array<string | number>): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ScriptValidationError([issue(loc, `Invalid percent-encoding in script URI: ${text}`)]);
  }
}

function normaliseArgs(raw: CreateBody['script_args']): ScriptArgs {
  const out: ScriptArgs = {};
  for (const fn of ['init', 'main'] as const) {
    const value = raw?.[fn];
    if (value) out[fn] = { args: value.args ?? [], kwargs: value.kwargs ?? {} } satisfies ScriptInput;
  }
  return out;
}

/**
 * Checks what a schema cannot (prefix, path, extension, git arguments) and resolves the script:
 * `file://` paths must lie under a script root (403 otherwise); a missing file is fine here.
 */
export function toCreateRequest(body: CreateBody, roots: ScriptRoots, git: GitDefaults): CreateRequest {
  const { script } = body;
  const uriLoc = ['body', 'script', 'script_uri'];
  const prefix = PREFIX[script.script_type];
  if (!script.script_uri.startsWith(prefix)) {
    throw new ScriptValidationError([issue(uriLoc, `Incorrect prefix for ${CLASS[script.script_type]}: ${script.script_uri}`)]);
  }
  if (Buffer.byteLength(script.script_uri) > MAX_SCRIPT_PATH_BYTES * 3) {
    throw new ScriptValidationError([issue(uriLoc, `Script path is longer than PATH_MAX (${MAX_SCRIPT_PATH_BYTES} bytes)`)]);
  }
  const rawPath = decode(script.script_uri.slice(prefix.length), uriLoc);
  if (Buffer.byteLength(rawPath) > MAX_SCRIPT_PATH_BYTES) {
    throw new ScriptValidationError([issue(uriLoc, `Script path is longer than PATH_MAX (${MAX_SCRIPT_PATH_BYTES} bytes)`)]);
  }
  if (rawPath.includes('\0')) throw new ScriptValidationError([issue(uriLoc, 'Script path must not contain NUL bytes')]);
  if (!EXTENSIONS.has(path.extname(rawPath))) {
    throw new ScriptValidationError([issue(uriLoc, `Script must be a .js, .mjs, .ts or .mts file: ${rawPath}`)]);
  }
  const scriptArgs = normaliseArgs(body.script_args);

  if (script.script_type === 'filesystem') {
    if (!path.isAbsolute(rawPath)) throw new ScriptValidationError([issue(uriLoc, `Script path must be absolute: ${rawPath}`)]);
    const file = roots.resolve(rawPath);
    return { script: { script_type: 'filesystem', script_uri: script.script_uri }, scriptArgs, path: file };
  }

  // `git:///x.js` means x.js at the repository root: OET strips leading slashes (its own tests use git:///test.py)
  const relative = path.posix.normalize(rawPath.replace(/^\/+/, ''));
  if (path.posix.isAbsolute(relative) || relative === '..' || relative.startsWith('../')) {
    throw new ScriptValidationError([issue(uriLoc, `Script path must be relative to the repository root: ${rawPath}`)]);
  }
  const given = script.git_args ?? {};
  const issues: ValidationIssue[] = [];
  for (const key of ['git_repo', 'git_branch', 'git_commit'] as const) {
    const value = given[key];
    if (typeof value === 'string' && value.startsWith('-')) issues.push(issue(['body', 'script', 'git_args', key], `${key} must not start with '-'`));
  }
  const repo = given.git_repo ?? git.repo;
  if (!repo) issues.push(issue(['body', 'script', 'git_args', 'git_repo'], 'git_repo is required (no OET_GIT_DEFAULT_REPO is set)'));
  else if (given.git_repo && !given.git_repo.startsWith('-')) {
    // the configured default is trusted; a requested repository must pass the policy
    const problem = gitRepoProblem(repo, git);
    if (problem) issues.push(issue(['body', 'script', 'git_args', 'git_repo'], `git_repo ${problem}`));
  }
  const dashed = (v: string) => v.startsWith('-'); // reported above
  if (typeof given.git_commit === 'string' && !dashed(given.git_commit) && !isCommitId(given.git_commit)) {
    issues.push(issue(['body', 'script', 'git_args', 'git_commit'], 'git_commit must be a hex object id of 7 to 64 digits'));
  }
  if (typeof given.git_branch === 'string' && !dashed(given.git_branch)) {
    const problem = branchNameProblem(given.git_branch);
    if (problem) issues.push(issue(['body', 'script', 'git_args', 'git_branch'], `git_branch ${problem}`));
  }
  if (issues.length > 0) throw new ScriptValidationError(issues);
  const commit = given.git_commit ?? null;
  const gitArgs: GitArgs = {
    git_repo: repo!,
    // a commit without a branch leaves the branch unset
    git_branch: given.git_branch ?? (commit ? null : git.branch),
    git_commit: commit,
  };
  return {
    script: { script_type: 'git', script_uri: script.script_uri, git_args: gitArgs, create_env: script.create_env ?? false },
    scriptArgs,
    path: relative,
  };
}
