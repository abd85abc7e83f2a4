import type { TimeoutClock } from '@observatory/core';
import type { TelescopeType } from '../env/telescope-type.js';
import type { TelescopeNames } from './telescope-names.js';
import type { Composition, ScanConfiguration } from './compositions.js';
import type { AttrEvent, AttrReading } from './attr-event.js';

// Re-exported: the EntryPoint contract speaks in these, and users import them from here.
export type { AttrEvent, AttrReading } from './attr-event.js';

/** One attribute a wait expects to reach one of some values. */
export interface WaitTarget {
  device: string;
  attr: string;
  value: unknown;
}

/** Which devices and values the contexts wait on; an `EntryPoint` may override any of them. */
export interface WaitRules {
  /** What "the telescope is ON" means (telescopeState ON plus the controllers, subarrays, dishes or MCCS). */
  startUp(): WaitTarget[];
  /** What "the telescope is OFF/STANDBY" means. */
  shutDown(): WaitTarget[];
  /** The devices whose `obsState` follows subarray `id`, TM first. */
  subarrayDevices(id: number): string[];
}

type Cmd = Promise<void>;

/**
 * How skallop drives a telescope. Implement it for your own telescope, or use `TmcEntryPoint` over a
 * `DeviceAccess` (the telescope simulator, in process or over HTTP). Commands resolve when the SUT accepted
 * them, not when they completed.
 */
export interface EntryPoint {
  readonly telescope: TelescopeType;
  readonly names: TelescopeNames;
  /** 'polling' when subscriptions are synthesised from reads (transit-order checks are then unavailable). */
  readonly readMode?: 'pubsub' | 'polling';
  setTelescopeToRunning(): Cmd;
  setTelescopeToStandby(): Cmd;
  composeSubarray(id: number, receptors: number[], c: Composition, sbId: string): Cmd;
  configureSubarray(id: number, receptors: number[], c: ScanConfiguration, sbId: string, durationS: number): Cmd;
  tearDownSubarray(id: number): Cmd;
  clearConfiguration(id: number): Cmd;
  scan(id: number): Cmd;
  endScan(id: number): Cmd;
  abortSubarray(id: number): Cmd;
  resetSubarray(id: number): Cmd;
  restartSubarray(id: number): Cmd;
  read(device: string, attr: string): Promise<AttrReading>;
  /** Subscribes to changes; the first event carries the current value. Resolves to an unsubscribe function. */
  subscribe(device: string, attr: string, cb: (e: AttrEvent) => void): Promise<() => void>;
  waitRules?: Partial<WaitRules>;
  /** The clock the SUT runs on (e.g. a simulator's `ManualClock`); waits measure their deadlines on it. */
  readonly clock?: TimeoutClock;
  /** Last resort when a subarray cannot be recovered by commands. */
  forceReset?(id: number): Cmd;
  close?(): Cmd;
}
