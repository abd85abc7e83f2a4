import type { ScriptArgs } from '../procedure/script-spec.js';
import type { ScriptInput } from '../script-types.js';

/** An activity's state, mirrored from its procedure (OET 7's is a stub that always says TODO). */
export const ACTIVITY_STATES = ['TODO', 'PREPARING', 'READY', 'RUNNING', 'COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

const FINAL: ReadonlySet<ActivityState> = new Set<ActivityState>(['COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN']);
export const isFinalActivityState = (state: ActivityState): boolean => FINAL.has(state);

/** What `GET {base}/activities/{id}` answers (OET 7's `ActivitySummary`, plus `error` and `created_by`). */
export interface ActivitySummary {
  id: number;
  pid: number | null;
  procedure_id: number | null;
  sbd_id: string;
  activity_name: string;
  prepare_only: boolean;
  script_args: ScriptArgs & Record<string, ScriptInput>;
  activity_states: Array<[ActivityState, number]>;
  state: ActivityState;
  sbi_id: string | null;
  uri: string;
  /** Why the activity failed when its procedure could not (e.g. its subarray was busy at READY). */
  error?: string;
  created_by?: string;
}

/** The server's record of one activity; the activity service owns every change. */
export class Activity {
  state: ActivityState = 'TODO';
  readonly states: Array<[ActivityState, number]> = [];
  procedureId: number | null = null;
  error: string | undefined;
  /** Set once its `main` was seen RUNNING (then `sb.lifecycle.started` has gone out). */
  started = false;
  finishedAt: number | null = null;

  constructor(
    readonly id: number,
    readonly sbdId: string,
    readonly activityName: string,
    readonly prepareOnly: boolean,
    readonly scriptArgs: Record<string, ScriptInput>,
    readonly sbiId: string | null,
    readonly createdBy: string | undefined,
  ) {}

  summary(activitiesBaseUrl: string): ActivitySummary {
    return {
      id: this.id,
      pid: this.procedureId,
      procedure_id: this.procedureId,
      sbd_id: this.sbdId,
      activity_name: this.activityName,
      prepare_only: this.prepareOnly,
      script_args: this.scriptArgs,
      activity_states: this.states.map(([s, t]) => [s, t]),
      state: this.state,
      sbi_id: this.sbiId,
      uri: `${activitiesBaseUrl}/${this.id}`,
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.createdBy !== undefined ? { created_by: this.createdBy } : {}),
    };
  }
}
