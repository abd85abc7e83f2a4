import type { Logger } from '@observatory/core';
import type { TimeoutClock } from '@observatory/core';
import type { TelescopeNames } from './model/names.js';
import type { ObsState } from './model/obs-state.js';
import type { Telescope } from './model/telescope.js';

export type { Telescope } from './model/telescope.js';

/** The value of an attribute read (`seq` is the global event sequence number of its last change). */
export interface AttrReading {
  value: unknown;
  /** Global monotonic sequence number of the change that set this value (0: never changed). */
  seq: number;
  /** Clock time (ms since the epoch) of that change. */
  time: number;
}

/** One change event of one attribute. The first event of a subscription is the current value (`initial`). */
export interface AttrEvent extends AttrReading {
  device: string;
  attr: string;
  /** True on the first event of a subscription, which carries the current value. */
  initial?: boolean;
  /** Set when the source failed (e.g. the event stream broke); `value` is then the last known value. */
  error?: string;
}

export type AttrEventListener = (event: AttrEvent) => void;

/** Ends a subscription; resolves once no further event will be delivered. */
export type Unsubscribe = () => Promise<void>;

/** The result of an accepted command. Commands resolve when accepted, not when completed. */
export interface CommandResult {
  commandId: string;
  accepted: true;
}

/** One line of the command log (accepted or not). */
export interface CommandLogEntry {
  time: number;
  device: string;
  command: string;
  /** The argument, kept to at most 4096 characters (JSON text when it had to be cut). */
  argin?: unknown;
  /** Set when `argin` is a truncated copy. */
  arginTruncated?: true;
  /** `accepted`, or the error code the command was rejected with. */
  outcome: string;
}

/** Per-command delays in ms (default 0) plus the latency of event delivery. */
export interface Delays {
  /** Time from a command's transient state to its final state, per command name (e.g. `AssignResources: 2000`). */
  commands?: Partial<Record<string, number>>;
  /** Delay between an attribute change and its delivery to subscribers; default 0. */
  eventLatencyMs?: number;
}

/** Offsets (ms) at which each subsystem follows a subarray command; TM defaults to leading. */
export interface Skews {
  tm?: number;
  csp?: number;
  sdp?: number;
}

export type Subsystem = 'tm' | 'csp' | 'sdp';

/** What to break. `times` (how many commands it affects) defaults to until cleared. */
export type FaultSpec =
  | {
      /** The next matching command's transient (RESOURCING or CONFIGURING) never completes, until Abort. */
      kind: 'stuck';
      subarrayId?: number;
      /** Which transient gets stuck; default either. */
      obsState?: 'RESOURCING' | 'CONFIGURING';
      /** Which subsystems stay stuck; default csp and sdp (TM waits on them, so it stays stuck too). */
      subsystems?: Subsystem[];
      times?: number;
    }
  | {
      /** The matching command ends in FAULT instead of its final state. */
      kind: 'fault';
      subarrayId?: number;
      /** Default: any subarray command except Abort/Restart/ObsReset. */
      command?: string;
      /** Default csp and sdp (TM follows into FAULT). */
      subsystems?: Subsystem[];
      times?: number;
    }
  | {
      /** Change events of this attribute are not delivered (the value still changes; polling sees it). */
      kind: 'dropEvents';
      device: string;
      attr: string;
      /** How many events to drop; default until cleared. */
      count?: number;
    }
  | {
      /** The device rejects the command with `CommandRejectedError`. */
      kind: 'reject';
      device: string;
      command: string;
      times?: number;
    }
  | {
      /** Adds `ms` to the command's delay. */
      kind: 'slow';
      command: string;
      ms: number;
      times?: number;
    };

export type FaultKind = FaultSpec['kind'];

/** An injected fault with its id and remaining uses. */
export type ActiveFault = FaultSpec & { id: string; remaining: number | null };

export interface SubarrayState {
  id: number;
  obsState: Record<Subsystem, ObsState>;
  assignedResources: string[];
  /** The scan duration (s) set by the last Configure (`tmc.scan_duration`). */
  scanDurationS: number | null;
}

/** A snapshot of the whole simulator. */
export interface SimulatorState {
  telescope: Telescope;
  telescopeState: string;
  subarrays: SubarrayState[];
  /** device name → attribute name → value. */
  devices: Record<string, Record<string, unknown>>;
  /** The newest global event sequence number. */
  seq: number;
}

/**
 * Device-level access to a telescope: what the in-process simulator and the HTTP client both provide,
 * and what skallop's `TmcEntryPoint` drives.
 */
/** Options of {@link DeviceAccess.read}. */
export interface ReadOptions {
  /**
   * Ask the device itself. Without it a client reading via pub/sub may answer from a live subscription's newest
   * event, which a lost event would leave stale.
   */
  fresh?: boolean;
}

export interface DeviceAccess {
  readonly telescope: Telescope;
  readonly names: TelescopeNames;
  /** Sends a command; resolves when accepted. Rejects with `CommandNotAllowedError`, `InvalidArgumentError`, ... */
  command(device: string, command: string, argin?: unknown): Promise<CommandResult>;
  read(device: string, attr: string, options?: ReadOptions): Promise<AttrReading>;
  /** Writes an attribute (only `adminMode` is writable). */
  write(device: string, attr: string, value: unknown): Promise<void>;
  /**
   * Subscribes to change events. The first event is the current value (`initial: true`) and has been
   * delivered when the promise resolves; resolves to the unsubscribe function.
   */
  subscribe(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe>;
}

/** Simulator control: what tests and the control endpoints use to steer the simulation. */
export interface SimulatorControl {
  getState(): Promise<SimulatorState>;
  getCommandLog(): Promise<CommandLogEntry[]>;
  /** Telescope OFF, every subarray EMPTY, no faults, empty command log; pending transitions cancelled. */
  reset(): Promise<void>;
  injectFault(spec: FaultSpec): Promise<string>;
  /** Clears one fault, or all without an id. */
  clearFaults(id?: string): Promise<void>;
  listFaults(): Promise<ActiveFault[]>;
  /** Merges new delays (and skews) into the current ones. */
  setDelays(delays: Delays & { skews?: Skews }): Promise<void>;
  /** Puts the subarray's TM/CSP/SDP devices straight to EMPTY, freeing its resources (last-resort recovery). */
  forceReset(subarrayId: number): Promise<void>;
}

/** The whole telescope interface: the same in process (`TelescopeSimulator`) and over HTTP (`TelescopeClient`). */
export interface TelescopeAccess extends DeviceAccess, SimulatorControl {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface TelescopeSimulatorOptions {
  telescope?: Telescope;
  /** Number of subarrays; default mid 2, low 1. */
  subarrays?: number;
  /** Number of mid dishes (`SKA001`...); default 4. */
  dishes?: number;
  /** Number of low stations (ids 1..N); default 4. */
  stations?: number;
  delays?: Delays;
  skews?: Skews;
  /** Default {@link systemClock}; tests pass a `ManualClock`. */
  clock?: TimeoutClock;
  logger?: Logger;
  /** Command log entries kept (the oldest are dropped in batches once 10% over); default 10000. */
  commandLogLimit?: number;
  /** Approximate size of the command log in bytes (each argument is kept to at most 4096 characters); default 8 MiB. */
  commandLogBytes?: number;
}
