import type { ScriptProcess } from '../runner/script-process.js';
import type { ScriptInput } from '../script-types.js';
import type { ScriptArgs, ScriptSpec } from './script-spec.js';
import type { ProcedureState } from './states.js';

/** The JSON a client sees for a procedure. */
export interface ProcedureSummary {
  id: number;
  script: ScriptSpec;
  script_args: ScriptArgs;
  history: { process_states: Array<[ProcedureState, number]>; stacktrace: string | null };
  state: ProcedureState;
  uri: string;
  /** Who created it, when the server authenticates users. */
  created_by?: string;
}

/** Server-side record of one procedure; the manager owns every state change. */
export class Procedure {
  state: ProcedureState = 'CREATING';
  readonly history: Array<[ProcedureState, number]> = [];
  stacktrace: string | null = null;
  process: ScriptProcess | undefined;
  stopRequested = false;
  stopping: Promise<void> | undefined;
  /** Set once main has returned: the process exit that follows is the normal end. */
  expectExit = false;
  /** Start `main` as soon as READY (abort procedures). */
  autoStart = false;
  /** `main`'s input when a start gives none (activities: `sb_json`, `sbi_id` and the SB's arguments). */
  defaultMain: ScriptInput | undefined;
  finishedAt: number | undefined;
  /** The authenticated user who created it. */
  createdBy: string | undefined;

  constructor(
    readonly id: number,
    readonly script: ScriptSpec,
    readonly scriptArgs: ScriptArgs,
    /** Resolved file (filesystem) or repository-relative path (git). */
    readonly path: string,
  ) {}

  get initInput(): ScriptInput {
    return this.scriptArgs.init ?? { args: [], kwargs: {} };
  }

  get subarrayId(): number | string | null {
    const value = this.initInput.kwargs.subarray_id;
    return typeof value === 'number' || typeof value === 'string' ? value : null;
  }

  /** The running-slot key (deliberate difference O-DIFF-3): the subarray, else one shared global slot. */
  get slotKey(): string {
    const id = this.subarrayId;
    return id === null ? '\u0000global' : String(id);
  }

  summary(procedureBaseUrl: string): ProcedureSummary {
    return {
      id: this.id,
      script: this.script,
      // init is always shown (OET 7 fills in empty arguments); main only once called
      script_args: { init: this.initInput, ...(this.scriptArgs.main ? { main: this.scriptArgs.main } : {}) },
      history: { process_states: this.history.map(([s, t]) => [s, t]), stacktrace: this.stacktrace },
      state: this.state,
      uri: `${procedureBaseUrl}/${this.id}`,
      ...(this.createdBy === undefined ? {} : { created_by: this.createdBy }),
    };
  }
}
