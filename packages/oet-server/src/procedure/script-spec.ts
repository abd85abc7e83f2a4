import type { ScriptInput } from '../script-types.js';

export interface GitArgs {
  git_repo: string;
  git_branch: string | null;
  git_commit: string | null;
}

export interface FilesystemScript {
  script_type: 'filesystem';
  script_uri: string;
}

export interface GitScript {
  script_type: 'git';
  script_uri: string;
  git_args: GitArgs;
  create_env: boolean;
}

export type ScriptSpec = FilesystemScript | GitScript;

/** `script_args` as echoed in summaries: `init` from the create request, `main` once started. */
export type ScriptArgs = Partial<Record<'init' | 'main', ScriptInput>>;

/** A validated create request; `path` is the resolved file (filesystem) or repository-relative path (git). */
export interface CreateRequest {
  script: ScriptSpec;
  scriptArgs: ScriptArgs;
  path: string;
  /** The authenticated user who asked for it (token `name`, else `sub`). */
  createdBy?: string;
  /** `main`'s input when a start gives none (activities). */
  defaultMain?: ScriptInput;
}
