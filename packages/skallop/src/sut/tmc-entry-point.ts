import type { TimeoutClock } from '@observatory/core';
import { systemClock } from '@observatory/core';
import type { Composition, ScanConfiguration } from './compositions.js';
import { assignResourcesJson, configureJson, scanJson } from './compositions.js';
import type { DeviceAccess } from './device-access.js';
import type { AttrEvent, AttrReading, EntryPoint, WaitRules } from './entry-point.js';
import { pollingSubscribe } from './polling-subscription.js';
import type { TelescopeNames } from './telescope-names.js';
import { telescopeNames } from './telescope-names.js';

export interface TmcEntryPointOptions {
  /** Number of subarrays (default mid 2, low 1). */
  subarrays?: number;
  /** Number of mid dishes (default 4). */
  dishes?: number;
  /** How the device access reads: 'polling' disables transit-order checks (default 'pubsub'). */
  readMode?: 'pubsub' | 'polling';
  /** Synthesise subscriptions here from reads every `pollIntervalMs` (for a `DeviceAccess` that cannot subscribe). */
  pollLocally?: boolean;
  pollIntervalMs?: number;
  clock?: TimeoutClock;
  waitRules?: Partial<WaitRules>;
  forceReset?: (id: number) => Promise<void>;
  close?: () => Promise<void>;
}

/** An `EntryPoint` that drives a TMC telescope through device commands (central node and TM subarray nodes). */
export class TmcEntryPoint implements EntryPoint {
  readonly telescope: DeviceAccess['telescope'];
  readonly names: TelescopeNames;
  readonly readMode: 'pubsub' | 'polling';
  readonly waitRules: Partial<WaitRules> | undefined;
  readonly forceReset: ((id: number) => Promise<void>) | undefined;
  private scanCounter = 0;
  readonly clock: TimeoutClock;
  private readonly pollIntervalMs: number;
  private closed = false;

  constructor(
    readonly devices: DeviceAccess,
    private readonly options: TmcEntryPointOptions = {},
  ) {
    this.telescope = devices.telescope;
    this.names = telescopeNames(devices.telescope, { subarrays: options.subarrays, dishes: options.dishes });
    this.readMode = options.readMode ?? 'pubsub';
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.waitRules = options.waitRules;
    this.forceReset = options.forceReset;
  }

  async setTelescopeToRunning(): Promise<void> {
    await this.devices.command(this.names.centralNode, 'TelescopeOn');
  }

  async setTelescopeToStandby(): Promise<void> {
    await this.devices.command(this.names.centralNode, 'TelescopeOff');
  }

  async composeSubarray(id: number, receptors: number[], c: Composition, sbId: string): Promise<void> {
    await this.devices.command(this.names.centralNode, 'AssignResources', assignResourcesJson(this.telescope, id, receptors, c, sbId));
  }

  async configureSubarray(id: number, receptors: number[], c: ScanConfiguration, sbId: string, durationS: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'Configure', configureJson(this.telescope, id, receptors, c, sbId, durationS));
  }

  async tearDownSubarray(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'ReleaseAllResources');
  }

  async clearConfiguration(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'End');
  }

  async scan(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'Scan', scanJson(this.telescope, ++this.scanCounter));
  }

  async endScan(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'EndScan');
  }

  async abortSubarray(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'Abort');
  }

  async resetSubarray(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'ObsReset');
  }

  async restartSubarray(id: number): Promise<void> {
    await this.devices.command(this.names.tmSubarray(id), 'Restart');
  }

  read(device: string, attr: string): Promise<AttrReading> {
    return this.devices.read(device, attr);
  }

  subscribe(device: string, attr: string, cb: (e: AttrEvent) => void): Promise<() => void> {
    if (this.options.pollLocally) {
      return pollingSubscribe((d, a) => this.devices.read(d, a), device, attr, cb, { clock: this.clock, intervalMs: this.pollIntervalMs });
    }
    return this.devices.subscribe(device, attr, cb);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.options.close?.();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
