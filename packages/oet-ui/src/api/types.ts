/** The OET 7 REST shapes the console reads (see docs: the OET REST + SSE API). */
export type ProcedureState =
  | 'UNKNOWN'
  | 'IDLE'
  | 'CREATING'
  | 'PREP_ENV'
  | 'LOADING'
  | 'INITIALISING'
  | 'READY'
  | 'RUNNING'
  | 'COMPLETE'
  | 'STOPPED'
  | 'FAILED';

export const FINAL_STATES: ReadonlySet<string> = new Set(['COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN']);

export interface FnArgs {
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

export interface ProcedureSummary {
  id: number;
  script: {
    /** `filesystem` or `git` */
    script_type: string;
    script_uri: string;
    create_env?: boolean;
    git_args?: { git_repo?: string | null; git_branch?: string | null; git_commit?: string | null };
  };
  script_args: Record<string, FnArgs | undefined>;
  history: { process_states: Array<[string, number]>; stacktrace: string | null };
  state: string;
  uri?: string;
  created_by?: string | null;
}

/** One entry of `GET {base}/scripts/` (beyond OET: the scripts under the server's script roots). */
export interface ScriptEntry {
  script_uri: string;
  root: string;
  path: string;
}

export interface ActivitySummary {
  id: number;
  procedure_id?: number | null;
  pid?: number | null;
  sbd_id: string;
  sbi_id?: string | null;
  activity_name: string;
  prepare_only?: boolean;
  state?: string;
  activity_states?: Array<[string, number]>;
  script_args?: Record<string, FnArgs | undefined>;
}

/** An SBDefinition as the console needs it (`GET {base}/sbds/` may list ids or documents). */
export interface SbdEntry {
  sbd_id: string;
  activities: string[];
  description?: string;
}

/** One event of the OET stream: the SSE id and the JSON payload (which carries `topic`). */
export interface OetEvent {
  id: number;
  topic: string;
  data: Record<string, unknown>;
  /** Browser time the event arrived (ms). */
  receivedAt: number;
}

/** What `/console/config.json` tells the console. */
export interface ConsoleConfig {
  /** The API base URL or path, e.g. `/ska-oso-oet/oet/api/v7`. */
  apiBase: string;
  /** True when the server relays a telescope at `{base}/telescope`. */
  telescope: boolean;
}
