import type { TimeoutClock } from '@observatory/core';
import type { DeviceAccess } from './device-access.js';
import { TmcEntryPoint } from './tmc-entry-point.js';

/** What skallop needs from the telescope simulator (in process or its HTTP client); structural on purpose. */
export interface SimulatorAccess extends DeviceAccess {
  getState(): Promise<{ subarrays: ReadonlyArray<{ id: number }>; devices: Record<string, unknown> }>;
  forceReset?(subarrayId: number): Promise<void>;
  close?(): Promise<void>;
  readonly clock?: TimeoutClock;
}

export interface SimulatorEntryPointOptions {
  /** 'polling' when the access polls (the HTTP client with `readViaPubsub: false`); default 'pubsub'. */
  readMode?: 'pubsub' | 'polling';
  /** Close the simulator (or client) when the entry point closes; default false. */
  closeAccess?: boolean;
}

/**
 * An `EntryPoint` over the telescope simulator: learns the subarrays and dishes from its state and uses its
 * `forceReset` as the last-resort recovery.
 */
export async function simulatorEntryPoint(sim: SimulatorAccess, options: SimulatorEntryPointOptions = {}): Promise<TmcEntryPoint> {
  const state = await sim.getState();
  const dishes = Object.keys(state.devices).filter((d) => d.startsWith('mid-dish/')).length;
  return new TmcEntryPoint(sim, {
    subarrays: state.subarrays.length,
    dishes: dishes || undefined,
    readMode: options.readMode ?? 'pubsub',
    clock: sim.clock,
    forceReset: sim.forceReset ? (id) => sim.forceReset!(id) : undefined,
    close: options.closeAccess && sim.close ? () => sim.close!() : undefined,
  });
}
