import type { OetFlags, ScriptInput } from '../script-types.js';

/** Where and how a `git://` script is fetched; resolved by the parent, executed by the child. */
export interface GitCheckoutRequest {
  repo: string;
  branch: string | null;
  commit: string | null;
  cacheDir: string;
  timeoutMs: number;
}

export interface EnvInstallRequest {
  timeoutMs: number;
}

/** Messages from the server to a procedure's child process. */
export type ParentMessage =
  | { type: 'prepare'; git: GitCheckoutRequest; scriptPath: string; env: EnvInstallRequest | null }
  | {
      type: 'load';
      path: string;
      procedureId: number;
      subarrayId: number | string | null;
      flags: OetFlags;
      /** Resolved URL of esbuild, used to transpile `.ts`/`.mts` scripts. */
      esbuildUrl: string;
      /** git scripts: bare imports their clone cannot resolve are resolved from here (the default environment). */
      defaultEnvUrl?: string;
    }
  | { type: 'call'; fn: 'init' | 'main'; input: ScriptInput }
  | { type: 'stop' }
  | { type: 'exit' };

/** Messages from a child process to the server. */
export type ChildMessage =
  | { type: 'up' }
  | { type: 'prepared'; scriptPath: string; commit: string; cloneDir: string }
  | { type: 'loaded'; hasInit: boolean }
  | { type: 'returned'; fn: 'init' | 'main' }
  | { type: 'failed'; stacktrace: string }
  | { type: 'publish'; topic: string; payload: Record<string, unknown> }
  | { type: 'log'; level: string; obj: Record<string, unknown>; msg: string | undefined };

/** Messages the parent waits for as the answer to a request. */
export type ChildReply = Extract<ChildMessage, { type: 'prepared' | 'loaded' | 'returned' }>;
