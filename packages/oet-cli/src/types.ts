/** `{args, kwargs}` as the OET API sends them for `init` and `main`. */
export interface ScriptInput {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export interface GitArgs {
  git_repo?: string | null;
  git_branch?: string | null;
  git_commit?: string | null;
}

export interface ScriptSpec {
  script_type: 'filesystem' | 'git' | (string & {});
  script_uri: string;
  git_args?: GitArgs;
  create_env?: boolean;
}

/** A state and the epoch seconds (float) at which the server recorded it. */
export type StateEntry = [state: string, timestamp: number];

export interface ProcedureSummary {
  id: number;
  script: ScriptSpec;
  script_args: Record<string, ScriptInput | undefined>;
  history: { process_states: StateEntry[]; stacktrace: string | null };
  state: string;
  uri: string;
}

export interface StopResponse {
  abort_message: string;
}

export interface ActivitySummary {
  id: number;
  activity_name: string;
  sbd_id: string;
  sbi_id?: string | null;
  procedure_id: number | null;
  prepare_only: boolean;
  script_args: Record<string, Partial<ScriptInput> | undefined>;
  activity_states: StateEntry[];
  state: string;
  uri: string;
}

/** One line of `GET {base}/sbds/`: an SBDefinition in the server's ODA. */
export interface SbdSummary {
  sbd_id: string;
  version: number;
  telescope: string | null;
  activities: string[];
}

/** One SSE event from `/stream`: its id and the JSON payload (always has `topic`). */
export interface OetEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** States after which a procedure never changes again. */
export const FINAL_STATES: ReadonlySet<string> = new Set(['COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN']);

/** States a procedure passes through on its way to READY. */
export const PREPARING_STATES: ReadonlySet<string> = new Set(['CREATING', 'IDLE', 'PREP_ENV', 'LOADING', 'INITIALISING']);
