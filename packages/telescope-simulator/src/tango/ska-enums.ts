import { ADMIN_MODES, OBS_STATES } from '../model/obs-state.js';

/** SKA's enum labels, in their Tango enum order (ska-control-model). */
export const SKA_ENUM_LABELS = {
  obsState: OBS_STATES as readonly string[],
  healthState: ['OK', 'DEGRADED', 'FAILED', 'UNKNOWN'] as readonly string[],
  adminMode: ADMIN_MODES as readonly string[],
} as const;

export type SkaEnumAttribute = keyof typeof SKA_ENUM_LABELS;

export function isSkaEnumAttribute(attr: string): attr is SkaEnumAttribute {
  return attr in SKA_ENUM_LABELS;
}

/** ska-tango-base's ResultCode (the first element of a long-running command's reply). */
export const ResultCode = { OK: 0, STARTED: 1, QUEUED: 2, FAILED: 3, UNKNOWN: 4, REJECTED: 5, NOT_ALLOWED: 6, ABORTED: 7 } as const;

/** ska-tango-base's TaskStatus, as reported in `longRunningCommandStatus`. */
export type TaskStatus = 'STAGING' | 'QUEUED' | 'IN_PROGRESS' | 'ABORTED' | 'NOT_FOUND' | 'COMPLETED' | 'REJECTED' | 'FAILED';

/** Label → index of an SKA enum attribute; -1 when unknown. */
export function enumIndex(attr: SkaEnumAttribute, label: unknown): number {
  return SKA_ENUM_LABELS[attr].indexOf(String(label));
}
