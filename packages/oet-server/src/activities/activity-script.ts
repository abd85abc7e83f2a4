import path from 'node:path';
import type { PdmActivity } from '../oda/oda-types.js';
import type { ScriptInput } from '../script-types.js';
import type { CreateBody } from '../sources/script-request.js';

/**
 * The procedure POST body for a PDM script (OET 7 maps `GitScript(repo, branch, path)` to `git_args`, the commit
 * unused; we pass it on when given). A `filesystem` path without `file://` or with a relative path after it
 * (`file://observe.js`) is resolved against `scriptsDir`, so SBDs can name scripts portably.
 */
export function scriptBodyFor(activity: PdmActivity, createEnv: boolean, scriptsDir: string): CreateBody['script'] {
  if (activity.kind === 'filesystem') {
    const rest = activity.path.startsWith('file://') ? activity.path.slice('file://'.length) : activity.path;
    const uri = rest.startsWith('/') ? `file://${rest}` : `file://${path.join(scriptsDir, rest)}`;
    return { script_type: 'filesystem', script_uri: uri };
  }
  const uri = activity.path.startsWith('git://') ? activity.path : `git://${activity.path}`;
  return {
    script_type: 'git',
    script_uri: uri,
    create_env: createEnv,
    git_args: { git_repo: activity.repo, git_branch: activity.branch ?? null, git_commit: activity.commit ?? null },
  };
}

/**
 * OET 7's argument merge: the SB's `function_args`, then the request's `script_args` with `dict.update`, so a
 * request's whole `init`/`main` entry replaces the SB's (kwargs are not merged).
 */
export function mergeFunctionArgs(
  fromSb: Partial<Record<string, ScriptInput>>,
  fromRequest: Record<string, { args?: unknown[]; kwargs?: Record<string, unknown> }> | undefined,
): Record<string, ScriptInput> {
  const out: Record<string, ScriptInput> = {};
  for (const [fn, input] of Object.entries(fromSb)) if (input) out[fn] = { args: [...input.args], kwargs: { ...input.kwargs } };
  for (const [fn, input] of Object.entries(fromRequest ?? {})) out[fn] = { args: input.args ?? [], kwargs: input.kwargs ?? {} };
  return out;
}
