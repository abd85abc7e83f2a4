/** The eleven procedure states of OET 7. */
export const PROCEDURE_STATES = [
  'UNKNOWN',
  'IDLE',
  'CREATING',
  'PREP_ENV',
  'LOADING',
  'INITIALISING',
  'READY',
  'RUNNING',
  'COMPLETE',
  'STOPPED',
  'FAILED',
] as const;

export type ProcedureState = (typeof PROCEDURE_STATES)[number];

const FINAL: ReadonlySet<ProcedureState> = new Set<ProcedureState>(['COMPLETE', 'FAILED', 'STOPPED', 'UNKNOWN']);

/** Final states never change again; such procedures may be pruned. */
export function isFinalState(state: ProcedureState): boolean {
  return FINAL.has(state);
}
