import type { TimeoutClock } from '@observatory/core';
import { CommandNotAllowedError, CommandRejectedError, InvalidArgumentError, UnknownCommandError } from '../errors.js';
import type { Delays, SimulatorState, Skews, Subsystem, SubarrayState, TelescopeSimulatorOptions } from '../types.js';
import { DEFAULT_SCAN_DURATION_S, allResources, parseAssign, parseConfigure, parseJsonArgin, parseRelease, parseScan, subarrayIdOf, type ResourcePool } from './argin.js';
import { AttributeStore } from './attribute-store.js';
import { FaultRegistry } from './fault-registry.js';
import { telescopeNames, type TelescopeNames } from './names.js';
import { CENTRAL_NODE_COMMANDS, OBS_STATE_MACHINE, SUBARRAY_COMMANDS, type ObsState, type SubarrayCommand } from './obs-state.js';
import { runPlan, type RunningPlan, type Step } from './step-plan.js';
import type { Telescope } from './telescope.js';

interface Subarray {
  id: number;
  devices: Record<Subsystem, string>;
  resources: string[];
  scanDurationS: number | null;
  /** A command's plan is running (until TM reaches its final state). */
  busy: boolean;
  plans: Set<RunningPlan>;
}

const SUBSYSTEMS: Subsystem[] = ['tm', 'csp', 'sdp'];
const COMMON = { healthState: 'OK', adminMode: 'ONLINE' };

/**
 * The simulated devices and the state machine behind them: the central node switches the telescope, each TM
 * subarray runs the obsState machine and forwards to CSP and SDP. An accepted command becomes a plan of
 * attribute changes on the clock; the attribute store delivers them as events.
 */
export class TelescopeModel {
  readonly telescope: Telescope;
  readonly names: TelescopeNames;
  readonly store: AttributeStore;
  readonly faults = new FaultRegistry();
  private readonly subarrays = new Map<number, Subarray>();
  private readonly pool: ResourcePool;
  private readonly initialDelays: Delays;
  private readonly initialSkews: Skews;
  private delays: Delays;
  private skews: Skews;
  private telescopePlan: RunningPlan | undefined;
  private readonly dishNames: string[];

  constructor(
    private readonly clock: TimeoutClock,
    options: TelescopeSimulatorOptions,
    onListenerError: (err: unknown) => void,
  ) {
    this.telescope = options.telescope ?? 'mid';
    if (this.telescope !== 'mid' && this.telescope !== 'low') throw new InvalidArgumentError(`unknown telescope ${String(this.telescope)}`);
    this.names = telescopeNames(this.telescope);
    this.initialDelays = { commands: { ...options.delays?.commands }, eventLatencyMs: options.delays?.eventLatencyMs ?? 0 };
    this.initialSkews = { tm: 0, csp: 0, sdp: 0, ...options.skews };
    this.delays = structuredClone(this.initialDelays);
    this.skews = { ...this.initialSkews };
    const count = (v: number | undefined, dflt: number, what: string) => {
      const n = v ?? dflt;
      if (!Number.isInteger(n) || n < 1 || n > 99) throw new InvalidArgumentError(`${what} must be an integer 1..99`);
      return n;
    };
    const subarrayCount = count(options.subarrays, this.telescope === 'mid' ? 2 : 1, 'subarrays');
    this.pool = { telescope: this.telescope, size: this.telescope === 'mid' ? count(options.dishes, 4, 'dishes') : count(options.stations, 4, 'stations') };
    this.store = new AttributeStore(this.clock, {
      latencyMs: () => this.delays.eventLatencyMs ?? 0,
      filter: (e) => !this.faults.take('dropEvents', (f) => f.device === e.device && f.attr === e.attr),
      onListenerError,
    });
    const n = this.names;
    this.store.define(n.centralNode, { state: 'ON', ...COMMON, telescopeState: this.offTelescopeState() });
    this.store.define(n.cspController, { state: 'OFF', ...COMMON });
    this.store.define(n.sdpController, { state: 'OFF', ...COMMON });
    if (n.mccsController) this.store.define(n.mccsController, { state: 'OFF', ...COMMON });
    this.dishNames = this.telescope === 'mid' ? Array.from({ length: this.pool.size }, (_, i) => n.dish(i + 1)) : [];
    for (const dish of this.dishNames) this.store.define(dish, { state: 'STANDBY', ...COMMON });
    for (let id = 1; id <= subarrayCount; id++) {
      const devices = { tm: n.tmSubarray(id), csp: n.cspSubarray(id), sdp: n.sdpSubarray(id) };
      this.store.define(devices.tm, { state: 'ON', ...COMMON, obsState: 'EMPTY', assignedResources: [] });
      this.store.define(devices.csp, { state: 'OFF', ...COMMON, obsState: 'EMPTY', assignedResources: [] });
      this.store.define(devices.sdp, { state: 'OFF', ...COMMON, obsState: 'EMPTY', assignedResources: [] });
      this.subarrays.set(id, { id, devices, resources: [], scanDurationS: null, busy: false, plans: new Set() });
    }
  }

  /** Subarray ids (1..N). */
  get subarrayIds(): number[] {
    return [...this.subarrays.keys()];
  }

  /** Resource names: mid `SKA001`..., low station ids as strings. */
  get resourceNames(): string[] {
    return allResources(this.pool);
  }

  /** Current delays and skews (copies). */
  get timing(): { delays: Delays; skews: Skews } {
    return { delays: structuredClone(this.delays), skews: { ...this.skews } };
  }

  /** The subarray's obsState on TM (or another subsystem). */
  obsState(subarrayId: number, subsystem: Subsystem = 'tm'): ObsState {
    return this.store.value(this.subarray(subarrayId).devices[subsystem], 'obsState') as ObsState;
  }

  snapshot(): SimulatorState {
    const devices: SimulatorState['devices'] = {};
    for (const name of this.store.deviceNames()) {
      devices[name] = Object.fromEntries(this.store.attributeNames(name).map((a) => [a, this.store.read(name, a).value]));
    }
    const subarrays: SubarrayState[] = [...this.subarrays.values()].map((s) => ({
      id: s.id,
      obsState: { tm: this.obsState(s.id, 'tm'), csp: this.obsState(s.id, 'csp'), sdp: this.obsState(s.id, 'sdp') },
      assignedResources: [...s.resources],
      scanDurationS: s.scanDurationS,
    }));
    return { telescope: this.telescope, telescopeState: this.telescopeState(), subarrays, devices, seq: this.store.seq };
  }

  /** Throws unless the command is accepted (changing nothing); otherwise schedules its transitions. */
  execute(device: string, command: string, argin: unknown): void {
    if (!this.store.hasDevice(device)) this.store.read(device, 'state'); // throws UnknownDeviceError
    if (this.faults.take('reject', (f) => f.device === device && f.command === command)) throw new CommandRejectedError(device, command);
    if (device === this.names.centralNode) {
      if (!(CENTRAL_NODE_COMMANDS as readonly string[]).includes(command)) throw new UnknownCommandError(device, command);
      this.centralNodeCommand(command, argin);
      return;
    }
    const subarray = [...this.subarrays.values()].find((s) => s.devices.tm === device);
    if (!subarray || !(SUBARRAY_COMMANDS as readonly string[]).includes(command)) throw new UnknownCommandError(device, command);
    this.subarrayCommand(subarray, command as SubarrayCommand, argin);
  }

  /** Telescope OFF, every subarray EMPTY, no faults, the initial delays and skews; pending transitions cancelled. */
  reset(): void {
    this.cancelAll();
    this.faults.clear();
    this.delays = structuredClone(this.initialDelays);
    this.skews = { ...this.initialSkews };
    for (const s of this.subarrays.values()) {
      s.resources = [];
      s.scanDurationS = null;
    }
    this.store.resetAll();
  }

  /** Puts the subarray's TM/CSP/SDP devices straight to EMPTY, freeing its resources. */
  forceReset(subarrayId: number): void {
    const s = this.subarray(subarrayId);
    this.cancelSubarray(s);
    s.resources = [];
    for (const sub of SUBSYSTEMS) {
      this.store.set(s.devices[sub], 'obsState', 'EMPTY');
      this.store.set(s.devices[sub], 'assignedResources', []);
    }
  }

  /** Merges new delays (and skews) into the current ones; every value must be a number >= 0. */
  setDelays(delays: Delays & { skews?: Skews }): void {
    const { skews, commands, eventLatencyMs } = delays;
    const check = (v: unknown, what: string) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`${what} must be a number >= 0`);
    };
    for (const [k, v] of Object.entries(commands ?? {})) check(v, `delay of ${k}`);
    if (eventLatencyMs !== undefined) check(eventLatencyMs, 'eventLatencyMs');
    for (const [k, v] of Object.entries(skews ?? {})) if (v !== undefined) check(v, `skew of ${k}`);
    this.delays = { commands: { ...this.delays.commands, ...commands }, eventLatencyMs: eventLatencyMs ?? this.delays.eventLatencyMs };
    this.skews = { ...this.skews, ...skews };
  }

  /** Cancels every pending transition. */
  cancelAll(): void {
    this.telescopePlan?.cancel();
    this.telescopePlan = undefined;
    for (const s of this.subarrays.values()) this.cancelSubarray(s);
  }

  private centralNodeCommand(command: string, argin: unknown): void {
    if (command === 'AssignResources' || command === 'ReleaseResources') {
      const json = parseJsonArgin(command, argin, true)!;
      const subarray = this.subarrays.get(subarrayIdOf(command, json));
      if (!subarray) throw new InvalidArgumentError(`${command}: no subarray ${String(json.subarray_id)}`);
      const forwarded = command === 'ReleaseResources' && json.release_all === true ? 'ReleaseAllResources' : command;
      this.subarrayCommand(subarray, forwarded, json);
      return;
    }
    if (command === 'TelescopeOn') {
      this.switchTelescope(true);
      return;
    }
    const busy = [...this.subarrays.values()].find((s) => this.obsState(s.id) !== 'EMPTY' || s.busy);
    if (busy) {
      throw new CommandNotAllowedError(this.names.centralNode, command, this.telescopeState(), `subarray ${busy.id} is ${this.obsState(busy.id)}`);
    }
    this.switchTelescope(false);
  }

  private switchTelescope(on: boolean): void {
    const target = on ? 'ON' : this.offTelescopeState();
    if (!this.telescopePlan && this.telescopeState() === target) return; // already there: accepted, nothing changes
    this.telescopePlan?.cancel();
    const n = this.names;
    const delay = this.commandDelay(on ? 'TelescopeOn' : 'TelescopeOff');
    const steps: Step[] = [];
    const set = (at: number, device: string, state: string) => steps.push({ at, rank: 0, run: () => this.store.set(device, 'state', state) });
    const csp = this.skews.csp ?? 0;
    const sdp = this.skews.sdp ?? 0;
    set(csp, n.cspController, on ? 'ON' : 'OFF');
    set(sdp, n.sdpController, on ? 'ON' : 'OFF');
    for (const s of this.subarrays.values()) {
      set(csp, s.devices.csp, on ? 'ON' : 'OFF');
      set(sdp, s.devices.sdp, on ? 'ON' : 'OFF');
    }
    for (const dish of this.dishNames) set(0, dish, on ? 'ON' : 'STANDBY');
    if (n.mccsController) set(0, n.mccsController, on ? 'ON' : 'OFF');
    const final = Math.max(csp, sdp) + delay + (this.skews.tm ?? 0);
    steps.push({ at: final, rank: 1, run: () => this.store.set(n.centralNode, 'telescopeState', target) });
    const plan = runPlan(this.clock, steps, () => {
      if (this.telescopePlan === plan) this.telescopePlan = undefined;
    });
    this.telescopePlan = plan;
  }

  private subarrayCommand(s: Subarray, command: SubarrayCommand, argin: unknown): void {
    const effects = this.checkSubarrayCommand(s, command, argin);
    // Accepted: from here nothing throws.
    if (command === 'Abort' || command === 'EndScan' || command === 'Restart' || command === 'ObsReset') this.cancelSubarray(s);
    // Assigned resources are claimed at once (no other subarray can take them); released ones stay
    // assigned until TM reaches the final state, so an Abort in between keeps them.
    if (command === 'AssignResources') s.resources = effects.resources;
    s.scanDurationS = effects.scanDurationS;
    s.busy = true;
    const plan = runPlan(this.clock, this.subarraySteps(s, command, effects.final, effects.resources), () => s.plans.delete(plan));
    s.plans.add(plan);
  }

  /** Throws unless the command is allowed and its argument valid; returns what it will change. Changes nothing. */
  private checkSubarrayCommand(s: Subarray, command: SubarrayCommand, argin: unknown): { resources: string[]; final: ObsState; scanDurationS: number | null } {
    const tm = s.devices.tm;
    const state = this.obsState(s.id);
    const row = OBS_STATE_MACHINE[command];
    // A command still on its way to its first transition holds the subarray; only Abort may interrupt.
    if (s.busy && command !== 'Abort') throw new CommandNotAllowedError(tm, command, state, 'a command is in progress');
    if (!row.allowedFrom.includes(state)) throw new CommandNotAllowedError(tm, command, state);

    let resources = s.resources;
    let final: ObsState = row.final;
    let scanDurationS = s.scanDurationS;
    switch (command) {
      case 'AssignResources': {
        if (this.telescopeState() !== 'ON') throw new CommandNotAllowedError(tm, command, state, `telescope is ${this.telescopeState()}`);
        if (this.telescopePlan) throw new CommandNotAllowedError(tm, command, state, 'the telescope is switching off');
        const req = parseAssign(argin, s.id, this.pool);
        for (const other of this.subarrays.values()) {
          const clash = other !== s ? req.resources.find((r) => other.resources.includes(r)) : undefined;
          if (clash) throw new InvalidArgumentError(`AssignResources: ${clash} is assigned to subarray ${other.id}`);
        }
        resources = [...s.resources, ...req.resources.filter((r) => !s.resources.includes(r))];
        break;
      }
      case 'ReleaseResources': {
        const release = parseRelease(argin, s.id, this.pool);
        const missing = release?.find((r) => !s.resources.includes(r));
        if (missing) throw new InvalidArgumentError(`ReleaseResources: ${missing} is not assigned to subarray ${s.id}`);
        resources = release ? s.resources.filter((r) => !release.includes(r)) : [];
        final = resources.length > 0 ? 'IDLE' : 'EMPTY';
        break;
      }
      case 'ReleaseAllResources':
      case 'Restart':
        resources = [];
        break;
      case 'Configure':
        scanDurationS = parseConfigure(argin).scanDurationS ?? s.scanDurationS ?? DEFAULT_SCAN_DURATION_S;
        break;
      case 'Scan':
        parseScan(argin);
        break;
      default:
        break;
    }

    return { resources, final, scanDurationS };
  }

  /**
   * The state changes of an accepted command: every subsystem enters the transient at its skew, CSP and
   * SDP reach the final state after the delay, TM last; injected `stuck` and `fault` faults apply here.
   */
  private subarraySteps(s: Subarray, command: SubarrayCommand, final: ObsState, resources: string[]): Step[] {
    const row = OBS_STATE_MACHINE[command];
    const faulty = this.faults.take('fault', (f) => matchesSubarray(f.subarrayId, s.id) && (f.command === undefined ? !['Abort', 'Restart', 'ObsReset'].includes(command) : f.command === command));
    const stuck =
      row.transient === 'RESOURCING' || row.transient === 'CONFIGURING'
        ? this.faults.take('stuck', (f) => matchesSubarray(f.subarrayId, s.id) && (f.obsState === undefined || f.obsState === row.transient))
        : undefined;
    const stuckSubs = new Set<Subsystem>(stuck ? (stuck.subsystems ?? ['csp', 'sdp']) : []);
    const faultSubs = new Set<Subsystem>(faulty ? (faulty.subsystems ?? ['csp', 'sdp']) : []);
    const delay = this.commandDelay(command);
    const entry = { tm: this.skews.tm ?? 0, csp: this.skews.csp ?? 0, sdp: this.skews.sdp ?? 0 };
    const steps: Step[] = [];
    const setObs = (sub: Subsystem, value: ObsState) => () => this.store.set(s.devices[sub], 'obsState', value);
    if (row.transient) for (const sub of SUBSYSTEMS) steps.push({ at: entry[sub], rank: 0, run: setObs(sub, row.transient) });
    const subFinal = (sub: Subsystem) => entry[sub] + delay;
    const anySubStuck = stuckSubs.size > 0;
    const anySubFault = faultSubs.has('csp') || faultSubs.has('sdp') || faultSubs.has('tm');
    for (const sub of ['csp', 'sdp'] as const) {
      if (stuckSubs.has(sub)) continue;
      const value = faultSubs.has(sub) ? 'FAULT' : final;
      steps.push({ at: subFinal(sub), rank: 1, run: () => this.finish(s, sub, value, value === 'FAULT' ? s.resources : resources) });
    }
    // TM reaches its final state last: after both subsystems and after its own delay.
    if (!anySubStuck) {
      const at = Math.max(entry.tm + delay, subFinal('csp'), subFinal('sdp'));
      const value = anySubFault ? 'FAULT' : final;
      steps.push({
        at,
        rank: 2,
        run: () => {
          if (value !== 'FAULT') s.resources = resources; // a failed command changes no resources
          this.finish(s, 'tm', value, s.resources);
          s.busy = false;
          if (command === 'Scan' && value === 'SCANNING') this.scheduleScanEnd(s);
        },
      });
    }
    return steps;
  }

  private finish(s: Subarray, sub: Subsystem, value: ObsState, resources: string[]): void {
    this.store.set(s.devices[sub], 'assignedResources', [...resources]);
    this.store.set(s.devices[sub], 'obsState', value);
  }

  /** After `scan_duration` the scan ends by itself: CSP/SDP back to READY (with their skews), TM last. */
  private scheduleScanEnd(s: Subarray): void {
    const duration = Math.round((s.scanDurationS ?? DEFAULT_SCAN_DURATION_S) * 1000);
    const entry = { csp: this.skews.csp ?? 0, sdp: this.skews.sdp ?? 0, tm: this.skews.tm ?? 0 };
    const steps: Step[] = [
      { at: duration + entry.csp, rank: 1, run: () => this.store.set(s.devices.csp, 'obsState', 'READY') },
      { at: duration + entry.sdp, rank: 1, run: () => this.store.set(s.devices.sdp, 'obsState', 'READY') },
      { at: duration + Math.max(entry.tm, entry.csp, entry.sdp), rank: 2, run: () => this.store.set(s.devices.tm, 'obsState', 'READY') },
    ];
    const plan = runPlan(this.clock, steps, () => s.plans.delete(plan));
    s.plans.add(plan);
  }

  private commandDelay(command: string): number {
    return (this.delays.commands?.[command] ?? 0) + this.faults.extraDelay(command);
  }

  private cancelSubarray(s: Subarray): void {
    for (const plan of s.plans) plan.cancel();
    s.plans.clear();
    s.busy = false;
  }

  private telescopeState(): string {
    return this.store.value(this.names.centralNode, 'telescopeState') as string;
  }

  private offTelescopeState(): string {
    return this.telescope === 'mid' ? 'STANDBY' : 'OFF';
  }

  private subarray(id: number): Subarray {
    const s = this.subarrays.get(id);
    if (!s) throw new InvalidArgumentError(`no subarray ${id} (this telescope has ${this.subarrays.size})`);
    return s;
  }
}

function matchesSubarray(wanted: number | undefined, id: number): boolean {
  return wanted === undefined || wanted === id;
}
