/**
 * `@ska/telescope-simulator`: a simulated SKA telescope (TMC central node, TM/CSP/SDP subarrays with the
 * obsState machine, mid dishes or the low MCCS controller), used as the System Under Test by skallop
 * fixtures, remote tests and OET scripts.
 *
 * One interface, {@link TelescopeAccess}, two implementations:
 * - in process: {@link createTelescopeSimulator} (injectable {@link Clock}; {@link ManualClock} in tests);
 * - over HTTP + SSE: {@link createTelescopeClient} against {@link createSimServer} /
 *   {@link startTelescopeSimServer} / the `telescope-sim` CLI.
 *
 * @example
 * ```ts
 * import { ManualClock, createTelescopeSimulator } from '@ska/telescope-simulator';
 *
 * const clock = new ManualClock();
 * const sim = createTelescopeSimulator({ telescope: 'mid', clock, delays: { commands: { AssignResources: 2000 } } });
 * const { names } = sim;
 * const seen: string[] = [];
 * const unsubscribe = await sim.subscribe(names.tmSubarray(1), 'obsState', (e) => seen.push(String(e.value))); // EMPTY first
 *
 * await sim.command(names.centralNode, 'TelescopeOn');
 * clock.advance(0); // zero-delay transitions run on the clock too
 * await sim.command(names.tmSubarray(1), 'AssignResources', { dish: { receptor_ids: ['SKA001', 'SKA002'] } });
 * clock.advance(0); // RESOURCING
 * clock.advance(2000); // IDLE
 * // seen: ['EMPTY', 'RESOURCING', 'IDLE']
 *
 * sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING' }); // the next Configure never completes (until Abort)
 * await unsubscribe();
 * await sim.close();
 *
 * // The same interface over HTTP (read_via_pubsub: SSE subscriptions; otherwise polling):
 * // const running = await startTelescopeSimServer({ telescope: 'low', port: 0 });
 * // const client = await createTelescopeClient({ url: running.url, readViaPubsub: true });
 * ```
 * @module
 */
export { PACKAGE_NAME, packageVersion } from './package-info.js';
export { MANUAL_CLOCK_EPOCH, ManualClock, systemClock, type Clock, type TimeoutClock, type TimerHandle } from '@observatory/core';
// Everything of the `/client` subpath (its explicit list): the typed errors, the shared types, device names,
// obsState values, the HTTP client and commandAndWait.
export * from './client.js';
export {
  ADMIN_MODES,
  CENTRAL_NODE_COMMANDS,
  OBS_STATE_MACHINE,
  SUBARRAY_COMMANDS,
  type AdminMode,
  type CentralNodeCommand,
  type CommandName,
  type DevState,
  type ObsTransition,
  type SubarrayCommand,
} from './model/obs-state.js';
export { DEFAULT_SCAN_DURATION_S } from './model/argin.js';
export { validateFaultSpec } from './model/fault-registry.js';
export { TelescopeSimulator, createTelescopeSimulator } from './simulator.js';
export { createSimServer, type SimServer, type SimServerOptions } from './http/sim-server.js';
export { startTelescopeSimServer, type RunningTelescopeSim, type StartTelescopeSimServerOptions } from './http/start-server.js';
export { errorReply } from './http/error-mapping.js';
export { buildProgram, exitCodeFor, runCli, type BuildProgramOptions, type TelescopeSimCliOptions } from './cli/program.js';
