/** The SKA observation states, with their Tango enum values. */
export const OBS_STATE_VALUES = {
  EMPTY: 0,
  RESOURCING: 1,
  IDLE: 2,
  CONFIGURING: 3,
  READY: 4,
  SCANNING: 5,
  ABORTING: 6,
  ABORTED: 7,
  RESETTING: 8,
  FAULT: 9,
  RESTARTING: 10,
} as const;

export type ObsState = keyof typeof OBS_STATE_VALUES;

export const OBS_STATES = Object.keys(OBS_STATE_VALUES) as ObsState[];

/** Tango device states used by the model. */
export type DevState = 'ON' | 'OFF' | 'STANDBY' | 'FAULT' | 'UNKNOWN' | 'DISABLE';

/** Tango admin modes; `adminMode` is the only writable attribute. */
export const ADMIN_MODES = ['ONLINE', 'OFFLINE', 'ENGINEERING', 'NOT_FITTED', 'RESERVED'] as const;
export type AdminMode = (typeof ADMIN_MODES)[number];

/** The commands a TM subarray accepts (the obsState machine). */
export const SUBARRAY_COMMANDS = [
  'AssignResources',
  'ReleaseResources',
  'ReleaseAllResources',
  'Configure',
  'End',
  'Scan',
  'EndScan',
  'Abort',
  'ObsReset',
  'Restart',
] as const;
export type SubarrayCommand = (typeof SUBARRAY_COMMANDS)[number];

/** The commands the central node accepts. Assign/Release are forwarded to the subarray named in the JSON. */
export const CENTRAL_NODE_COMMANDS = ['TelescopeOn', 'TelescopeOff', 'TelescopeStandby', 'AssignResources', 'ReleaseResources'] as const;
export type CentralNodeCommand = (typeof CENTRAL_NODE_COMMANDS)[number];

export type CommandName = SubarrayCommand | CentralNodeCommand;

/** One row of the obsState machine: where a command is allowed, its transient and final states. */
export interface ObsTransition {
  allowedFrom: readonly ObsState[];
  transient?: ObsState;
  final: ObsState;
}

/** The obsState machine of the spec (S-SIM-2). `ReleaseResources` ends IDLE when resources remain. */
export const OBS_STATE_MACHINE: Readonly<Record<SubarrayCommand, ObsTransition>> = {
  AssignResources: { allowedFrom: ['EMPTY', 'IDLE'], transient: 'RESOURCING', final: 'IDLE' },
  ReleaseResources: { allowedFrom: ['IDLE'], transient: 'RESOURCING', final: 'EMPTY' },
  ReleaseAllResources: { allowedFrom: ['IDLE'], transient: 'RESOURCING', final: 'EMPTY' },
  Configure: { allowedFrom: ['IDLE', 'READY'], transient: 'CONFIGURING', final: 'READY' },
  End: { allowedFrom: ['READY'], final: 'IDLE' },
  Scan: { allowedFrom: ['READY'], final: 'SCANNING' },
  EndScan: { allowedFrom: ['SCANNING'], final: 'READY' },
  Abort: { allowedFrom: ['RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'RESETTING'], transient: 'ABORTING', final: 'ABORTED' },
  ObsReset: { allowedFrom: ['ABORTED', 'FAULT'], transient: 'RESETTING', final: 'IDLE' },
  Restart: { allowedFrom: ['ABORTED', 'FAULT'], transient: 'RESTARTING', final: 'EMPTY' },
};
