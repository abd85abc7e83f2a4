import { componentLogger, type Logger } from '@observatory/core';
import { systemClock, type Clock } from './clock.js';
import { loggedArgin } from './model/logged-argin.js';
import {
  AttributeNotWritableError,
  CommandNotAllowedError,
  CommandRejectedError,
  InvalidArgumentError,
  SimulatorClosedError,
  UnknownCommandError,
  hasTelsimCode,
} from './errors.js';
import { DEFAULT_SCAN_DURATION_S, allResources, parseAssign, parseConfigure, parseJsonArgin, parseRelease, parseScan, subarrayIdOf, type ResourcePool } from './model/argin.js';
import { AttributeStore } from './model/attribute-store.js';
import { FaultRegistry } from './model/fault-registry.js';
import { telescopeNames, type TelescopeNames } from './model/names.js';
import { ADMIN_MODES, CENTRAL_NODE_COMMANDS, OBS_STATE_MACHINE, SUBARRAY_COMMANDS, type ObsState, type SubarrayCommand } from './model/obs-state.js';
import { runPlan, type RunningPlan, type Step } from './model/step-plan.js';
import type {
  ActiveFault,
  AttrEventListener,
  AttrReading,
  CommandLogEntry,
  CommandResult,
  Delays,
  FaultSpec,
  SimulatorState,
  Skews,
  Subsystem,
  SubarrayState,
  Telescope,
  TelescopeAccess,
  TelescopeSimulatorOptions,
  Unsubscribe,
} from './types.js';

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

/** Creates an in-process simulated telescope. See {@link TelescopeSimulator}. */
export function createTelescopeSimulator(options: TelescopeSimulatorOptions = {}): TelescopeSimulator {
  return new TelescopeSimulator(options);
}

/**
 * A simulated SKA telescope: the TMC central node, TM/CSP/SDP subarrays running the obsState machine,
 * mid dishes or the low MCCS controller. Every transition runs on the injected clock.
 */
export class TelescopeSimulator implements TelescopeAccess {
  readonly telescope: Telescope;
  readonly names: TelescopeNames;
  readonly clock: Clock;
  /** Fault injection: `inject(spec)` returns an id; `clear(id?)`; `list()`. */
  readonly faults: { inject(spec: FaultSpec): string; clear(id?: string): void; list(): ActiveFault[] };
  private readonly log: Logger;
  private readonly store: AttributeStore;
  private readonly registry = new FaultRegistry();
  private readonly subarrays = new Map<number, Subarray>();
  private readonly pool: ResourcePool;
  private readonly initialDelays: Delays;
  private readonly initialSkews: Skews;
  private delays: Delays;
  private skews: Skews;
  private readonly log_: CommandLogEntry[] = [];
  /** Characters of the logged arguments plus a fixed cost per entry (the log's size bound). */
  private readonly logChars: number[] = [];
  private logTotal = 0;
  private readonly logLimit: number;
  private readonly logByteLimit: number;
  private telescopePlan: RunningPlan | undefined;
  private commandCount = 0;
  private closed = false;
  private readonly dishNames: string[];

  constructor(options: TelescopeSimulatorOptions = {}) {
    this.telescope = options.telescope ?? 'mid';
    if (this.telescope !== 'mid' && this.telescope !== 'low') throw new InvalidArgumentError(`unknown telescope ${String(this.telescope)}`);
    this.names = telescopeNames(this.telescope);
    this.clock = options.clock ?? systemClock;
    this.log = componentLogger(options.logger, 'telescope-simulator');
    this.initialDelays = { commands: { ...options.delays?.commands }, eventLatencyMs: options.delays?.eventLatencyMs ?? 0 };
    this.initialSkews = { tm: 0, csp: 0, sdp: 0, ...options.skews };
    this.delays = structuredClone(this.initialDelays);
    this.skews = { ...this.initialSkews };
    this.logLimit = options.commandLogLimit ?? 10_000;
    this.logByteLimit = options.commandLogBytes ?? 8 * 1024 * 1024;
    const count = (v: number | undefined, dflt: number, what: string) => {
      const n = v ?? dflt;
      if (!Number.isInteger(n) || n < 1 || n > 99) throw new InvalidArgumentError(`${what} must be an integer 1..99`);
      return n;
    };
    const subarrayCount = count(options.subarrays, this.telescope === 'mid' ? 2 : 1, 'subarrays');
    this.pool = { telescope: this.telescope, size: this.telescope === 'mid' ? count(options.dishes, 4, 'dishes') : count(options.stations, 4, 'stations') };
    this.store = new AttributeStore(this.clock, {
      latencyMs: () => this.delays.eventLatencyMs ?? 0,
      filter: (e) => !this.registry.take('dropEvents', (f) => f.device === e.device && f.attr === e.attr),
      onListenerError: (err) => this.log.error({ err }, 'event listener threw'),
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
    this.faults = {
      inject: (spec) => {
        this.assertOpen();
        const id = this.registry.inject(spec);
        this.log.info({ id, spec }, 'fault injected');
        return id;
      },
      clear: (id) => this.registry.clear(id),
      list: () => this.registry.list(),
    };
  }

  // ---- synchronous in-process API ---------------------------------------------------------------

  /** Every device name. */
  get deviceNames(): string[] {
    return this.store.deviceNames();
  }

  /** Subarray ids (1..N). */
  get subarrayIds(): number[] {
    return [...this.subarrays.keys()];
  }

  /** Resource names: mid `SKA001`..., low station ids as strings. */
  get resourceNames(): string[] {
    return allResources(this.pool);
  }

  /** The newest global event sequence number. */
  get seq(): number {
    return this.store.seq;
  }

  /** Commands sent so far, accepted or not (oldest first; a copy). */
  get commandLog(): CommandLogEntry[] {
    return this.log_.map((e) => ({ ...e }));
  }

  clearCommandLog(): void {
    this.log_.length = 0;
    this.logChars.length = 0;
    this.logTotal = 0;
  }

  readNow(device: string, attr: string): AttrReading {
    return this.store.read(device, attr);
  }

  /** The subarray's obsState on TM (or another subsystem). */
  obsState(subarrayId: number, subsystem: Subsystem = 'tm'): ObsState {
    return this.store.value(this.subarray(subarrayId).devices[subsystem], 'obsState') as ObsState;
  }

  /** Subscribes synchronously (the initial event is delivered before this returns). */
  subscribeNow(device: string, attr: string, listener: AttrEventListener): () => void {
    this.assertOpen();
    return this.store.subscribe(device, attr, listener);
  }

  /** Every change event of every device (no initial values); used by the HTTP server. */
  onEvent(listener: AttrEventListener): () => void {
    return this.store.subscribeAll(listener);
  }

  /** Current values of every attribute as initial events. */
  currentEvents() {
    return this.store.snapshotEvents();
  }

  /** Sends a command synchronously: throws if not accepted, otherwise schedules its transitions. */
  sendCommand(device: string, command: string, argin?: unknown): CommandResult {
    this.assertOpen();
    try {
      this.dispatch(device, command, argin);
    } catch (err) {
      this.record(device, command, argin, hasTelsimCode(err) ? err.code : 'ERROR');
      throw err;
    }
    this.record(device, command, argin, 'accepted');
    this.log.debug({ device, command }, 'command accepted');
    return { commandId: `cmd-${++this.commandCount}`, accepted: true };
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

  /** Current delays and skews. */
  get timing(): { delays: Delays; skews: Skews } {
    return { delays: structuredClone(this.delays), skews: { ...this.skews } };
  }

  resetNow(): void {
    this.assertOpen();
    this.cancelAll();
    this.registry.clear();
    this.delays = structuredClone(this.initialDelays);
    this.skews = { ...this.initialSkews };
    for (const s of this.subarrays.values()) {
      s.resources = [];
      s.scanDurationS = null;
    }
    this.store.resetAll();
    this.clearCommandLog();
    this.log.info('reset');
  }

  forceResetNow(subarrayId: number): void {
    this.assertOpen();
    const s = this.subarray(subarrayId);
    this.cancelSubarray(s);
    s.resources = [];
    for (const sub of SUBSYSTEMS) {
      this.store.set(s.devices[sub], 'obsState', 'EMPTY');
      this.store.set(s.devices[sub], 'assignedResources', []);
    }
    this.log.warn({ subarrayId }, 'subarray force-reset');
  }

  setDelaysNow(delays: Delays & { skews?: Skews }): void {
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

  // ---- TelescopeAccess (async, the same over HTTP) ----------------------------------------------

  command(device: string, command: string, argin?: unknown): Promise<CommandResult> {
    return attempt(() => this.sendCommand(device, command, argin));
  }

  read(device: string, attr: string): Promise<AttrReading> {
    return attempt(() => this.readNow(device, attr));
  }

  write(device: string, attr: string, value: unknown): Promise<void> {
    return attempt(() => {
      this.assertOpen();
      this.store.read(device, attr); // unknown device/attr first
      if (attr !== 'adminMode') throw new AttributeNotWritableError(device, attr);
      if (!ADMIN_MODES.includes(value as never)) throw new InvalidArgumentError(`adminMode must be one of ${ADMIN_MODES.join(', ')}`);
      this.store.set(device, attr, value);
    });
  }

  subscribe(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe> {
    return attempt(() => {
      const unsubscribe = this.subscribeNow(device, attr, listener);
      return () => {
        unsubscribe();
        return Promise.resolve();
      };
    });
  }

  getState(): Promise<SimulatorState> {
    return attempt(() => this.snapshot());
  }

  getCommandLog(): Promise<CommandLogEntry[]> {
    return Promise.resolve(this.commandLog);
  }

  reset(): Promise<void> {
    return attempt(() => this.resetNow());
  }

  injectFault(spec: FaultSpec): Promise<string> {
    return attempt(() => this.faults.inject(spec));
  }

  clearFaults(id?: string): Promise<void> {
    return attempt(() => this.faults.clear(id));
  }

  listFaults(): Promise<ActiveFault[]> {
    return Promise.resolve(this.faults.list());
  }

  setDelays(delays: Delays & { skews?: Skews }): Promise<void> {
    return attempt(() => this.setDelaysNow(delays));
  }

  forceReset(subarrayId: number): Promise<void> {
    return attempt(() => this.forceResetNow(subarrayId));
  }

  /** Cancels every pending transition and drops every subscription. Idempotent. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.cancelAll();
      this.store.close();
    }
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- the model -------------------------------------------------------------------------------

  private dispatch(device: string, command: string, argin: unknown): void {
    if (!this.store.hasDevice(device)) this.store.read(device, 'state'); // throws UnknownDeviceError
    if (this.registry.take('reject', (f) => f.device === device && f.command === command)) throw new CommandRejectedError(device, command);
    if (device === this.names.centralNode) {
      if (!(CENTRAL_NODE_COMMANDS as readonly string[]).includes(command)) throw new UnknownCommandError(device, command);
      this.centralNodeCommand(command, argin);
      return;
    }
    const subarray = [...this.subarrays.values()].find((s) => s.devices.tm === device);
    if (!subarray || !(SUBARRAY_COMMANDS as readonly string[]).includes(command)) throw new UnknownCommandError(device, command);
    this.subarrayCommand(subarray, command as SubarrayCommand, argin);
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
    const faulty = this.registry.take('fault', (f) => matchesSubarray(f.subarrayId, s.id) && (f.command === undefined ? !['Abort', 'Restart', 'ObsReset'].includes(command) : f.command === command));
    const stuck =
      row.transient === 'RESOURCING' || row.transient === 'CONFIGURING'
        ? this.registry.take('stuck', (f) => matchesSubarray(f.subarrayId, s.id) && (f.obsState === undefined || f.obsState === row.transient))
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
    return (this.delays.commands?.[command] ?? 0) + this.registry.extraDelay(command);
  }

  private cancelSubarray(s: Subarray): void {
    for (const plan of s.plans) plan.cancel();
    s.plans.clear();
    s.busy = false;
  }

  private cancelAll(): void {
    this.telescopePlan?.cancel();
    this.telescopePlan = undefined;
    for (const s of this.subarrays.values()) this.cancelSubarray(s);
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

  private record(device: string, command: string, argin: unknown, outcome: string): void {
    // A bounded copy of the argument: a client must not grow the log (or break its serialisation) with huge or deep data.
    const { chars, ...logged } = loggedArgin(argin);
    const size = LOG_ENTRY_OVERHEAD + device.length + command.length + outcome.length + chars;
    this.log_.push({ time: this.clock.now(), device, command, ...logged, outcome });
    this.logChars.push(size);
    this.logTotal += size;
    // Trim in batches (a splice per command would be O(n) each time), by count and by size.
    if (this.log_.length > this.logLimit + Math.ceil(this.logLimit / 10) || this.logTotal > this.logByteLimit) {
      let drop = Math.max(0, this.log_.length - this.logLimit);
      let total = this.logTotal;
      for (let i = 0; i < drop; i++) total -= this.logChars[i]!;
      while (drop < this.log_.length - 1 && total > this.logByteLimit * 0.9) total -= this.logChars[drop++]!;
      this.log_.splice(0, drop);
      this.logChars.splice(0, drop);
      this.logTotal = total;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new SimulatorClosedError();
  }
}

/** Bytes an entry costs besides its texts (time, keys, JSON punctuation). */
const LOG_ENTRY_OVERHEAD = 80;

function matchesSubarray(wanted: number | undefined, id: number): boolean {
  return wanted === undefined || wanted === id;
}

function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
