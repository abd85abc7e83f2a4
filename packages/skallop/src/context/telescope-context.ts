import type { ExecSettings } from '../env/exec-settings.js';
import { SutNotReadyError } from '../errors.js';
import type { Composition, SbConfig } from '../sut/compositions.js';
import { STANDARD_COMPOSITION, newSbConfig } from '../sut/compositions.js';
import type { EntryPoint } from '../sut/entry-point.js';
import { valueName } from '../sut/values.js';
import { StackableContext } from '../stack/stackable-context.js';
import type { Handle, TeardownStack } from '../stack/teardown-stack.js';
import { ensureSubarrayEmpty, ensureTelescopeReady, recoverSubarray, unmetTargets } from './recovery.js';
import type { SkallopRuntime } from './runtime.js';
import { note } from './runtime.js';
import { SubarrayContext } from './subarray-context.js';
import type { SubarrayOwner } from './subarray-owner.js';
import { obsTargets, readObsStates, readTelescopeState, waitForTargets } from './sut-ops.js';

interface Pending {
  stack: TeardownStack;
  handle: Handle;
}

/**
 * The telescope as a test sees it: brings it ON or OFF, allocates subarrays, and registers the reverse of
 * each change on the test (or session) stack.
 */
export class TelescopeContext extends StackableContext implements SubarrayOwner {
  /** 'ON' or 'OFF' as last established by this context ('UNKNOWN' until then). */
  state: 'ON' | 'OFF' | 'UNKNOWN' = 'UNKNOWN';
  private pendingOff: Pending | undefined;

  constructor(
    sessionStack: TeardownStack,
    testStack: TeardownStack | undefined,
    readonly runtime: SkallopRuntime,
    readonly settings: ExecSettings,
  ) {
    super(sessionStack, testStack);
  }

  get entryPoint(): EntryPoint {
    return this.runtime.entryPoint;
  }

  get telescope(): EntryPoint['telescope'] {
    return this.runtime.entryPoint.telescope;
  }

  /** Annotations recorded so far (recovery actions and the like). */
  get annotations(): readonly string[] {
    return this.runtime.annotations;
  }

  /** Checks readiness, switches the telescope ON unless it is, and registers Off (maintain-on rules). */
  async setUpATelescope(settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    if ((await ensureTelescopeReady(this.runtime, settings)) === 'ON') {
      this.state = 'ON';
      return this;
    }
    await waitForTargets(this.runtime, this.runtime.rules.startUp(), () => this.entryPoint.setTelescopeToRunning(), settings, { currentCounts: true });
    this.markOn(settings);
    return this;
  }

  /** Ensures the telescope is OFF; when it was ON, switches it off now and back on after the test. */
  async setDownATelescope(settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    if ((await ensureTelescopeReady(this.runtime, settings)) === 'OFF') {
      this.state = 'OFF';
      return this;
    }
    // Off is refused while a subarray holds resources.
    for (const id of this.entryPoint.names.subarrayIds) await ensureSubarrayEmpty(this.runtime, id, settings, 'switching the telescope off');
    await this.switchOffNow(settings);
    this.deferOnTest(async () => {
      if ((await readTelescopeState(this.runtime)) === 'ON') return;
      await waitForTargets(this.runtime, this.runtime.rules.startUp(), () => this.entryPoint.setTelescopeToRunning(), settings, { currentCounts: true });
      this.state = 'ON';
    }, 'switch the telescope back on');
    return this;
  }

  /** Assigns resources to subarray `id`, waits for IDLE on TM/CSP/SDP, and registers the release. */
  async allocateASubarray(
    id: number,
    receptors: number[],
    sbConfig: SbConfig = newSbConfig(),
    settings: ExecSettings = this.settings,
    composition: Composition = STANDARD_COMPOSITION,
  ): Promise<SubarrayContext> {
    const compose = await this.readyToCompose(id, receptors, sbConfig, settings, composition);
    return this.allocatedBy(compose, id, receptors, settings, sbConfig, composition);
  }

  /** Registers Off plus a wait for shutdown, for a test that switches the telescope on itself. */
  switchOffAfterTest(settings: ExecSettings = this.settings): Handle {
    const handle = this.deferOnTest(() => this.switchOffNow(settings), 'switch the telescope off');
    this.pendingOff = { stack: this.testStack, handle };
    return handle;
  }

  /** Registers the release of subarray `id`, for a test that allocates it itself (e.g. through the OET). */
  releaseSubarrayWhenFinished(id: number, receptors: number[], settings: ExecSettings = this.settings): Handle {
    this.runtime.touched.add(id);
    const subarray = new SubarrayContext(this, id, receptors, { sbId: '' }, STANDARD_COMPOSITION, settings);
    return subarray.registerRelease(settings);
  }

  /** Subscribes, runs `action` (which should switch the telescope on), waits for startup; registers Off. */
  async waitForStartingUp(action: () => unknown, settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    await waitForTargets(this.runtime, this.runtime.rules.startUp(), action, settings, { currentCounts: true });
    this.markOn(settings);
    return this;
  }

  /** Subscribes, runs `action` (which should switch the telescope off), waits for shutdown. */
  async waitForShuttingDown(action: () => unknown, settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    await waitForTargets(this.runtime, this.runtime.rules.shutDown(), action, settings, { currentCounts: true });
    this.state = 'OFF';
    return this;
  }

  /** Cancels the pending Off; true when one was pending. */
  disableAutomaticSetdown(): boolean {
    const p = this.pendingOff;
    this.pendingOff = undefined;
    return p ? p.stack.cancel(p.handle) : false;
  }

  /** Waits for IDLE around `action` (your own allocation), registers the release, returns the subarray. */
  async waitForAllocatingASubarray(id: number, receptors: number[], action: () => unknown, settings: ExecSettings = this.settings): Promise<SubarrayContext> {
    settings.touch();
    return this.allocatedBy(action, id, receptors, settings, { sbId: '' }, STANDARD_COMPOSITION);
  }

  /** The readiness check of an allocation (recovering per `env.recovery`), then the action that sends it. */
  private async readyToCompose(id: number, receptors: number[], sbConfig: SbConfig, settings: ExecSettings, composition: Composition): Promise<() => Promise<void>> {
    settings.touch();
    await this.ensureAllocatable(id, receptors, settings);
    return () => this.entryPoint.composeSubarray(id, receptors, composition, sbConfig.sbId);
  }

  /** Waits for IDLE on TM/CSP/SDP around `action`, then registers the release of the allocated subarray. */
  private async allocatedBy(
    action: () => unknown,
    id: number,
    receptors: number[],
    settings: ExecSettings,
    sbConfig: SbConfig,
    composition: Composition,
  ): Promise<SubarrayContext> {
    this.runtime.touched.add(id);
    await waitForTargets(this.runtime, obsTargets(this.runtime, id, 'IDLE'), action, settings);
    const subarray = new SubarrayContext(this, id, receptors, sbConfig, composition, settings);
    subarray.obsState = 'IDLE';
    subarray.registerRelease(settings);
    return subarray;
  }

  /** Starts an assignment and returns as soon as the TM subarray is RESOURCING; the teardown recovers it. */
  async setToResourcing(
    id: number,
    receptors: number[],
    sbConfig: SbConfig = newSbConfig(),
    settings: ExecSettings = this.settings,
    composition: Composition = STANDARD_COMPOSITION,
  ): Promise<SubarrayContext> {
    const compose = await this.readyToCompose(id, receptors, sbConfig, settings, composition);
    this.runtime.touched.add(id);
    const tm = this.runtime.rules.subarrayDevices(id)[0]!;
    await waitForTargets(this.runtime, [{ device: tm, attr: 'obsState', value: 'RESOURCING' }], compose, settings);
    const subarray = new SubarrayContext(this, id, receptors, sbConfig, composition, settings);
    subarray.obsState = 'RESOURCING';
    this.deferOnTest(() => recoverSubarray(this.runtime, id, settings, 'after setToResourcing'), `recover subarray ${id} from RESOURCING`);
    return subarray;
  }

  /**
   * The readiness check a fixture runs before changing anything (recovering per `env.recovery`):
   * 'telescope' (the central node answers ON/OFF/STANDBY), `{ allocate: { id, receptors } }`, or `{ configure: id }`.
   */
  async ensureReady(
    target: 'telescope' | { allocate: { id: number; receptors: number[] } } | { configure: number },
    settings: ExecSettings = this.settings,
  ): Promise<void> {
    if (target === 'telescope') {
      await ensureTelescopeReady(this.runtime, settings);
      return;
    }
    if ('allocate' in target) {
      await this.ensureAllocatable(target.allocate.id, target.allocate.receptors, settings);
      return;
    }
    const found = await readObsStates(this.runtime, target.configure);
    const bad = found.filter((d) => d.value !== 'IDLE' && d.value !== 'READY');
    if (bad.length) {
      throw new SutNotReadyError(`subarray ${target.configure} cannot be configured`, bad.map((d) => ({ ...d, actual: d.value, expected: ['IDLE', 'READY'] })));
    }
  }

  /** Readiness for an allocation: telescope ON, subarray EMPTY on TM/CSP/SDP, receptors free elsewhere. */
  async ensureAllocatable(id: number, receptors: number[], settings: ExecSettings): Promise<void> {
    const state = await ensureTelescopeReady(this.runtime, settings);
    if (state !== 'ON') {
      throw new SutNotReadyError(`subarray ${id} cannot be allocated: the telescope is not ON`, [
        { device: this.entryPoint.names.centralNode, attr: 'telescopeState', actual: await readTelescopeState(this.runtime), expected: 'ON' },
      ]);
    }
    await ensureSubarrayEmpty(this.runtime, id, settings, `before allocating subarray ${id}`);
    const wanted = new Set(receptors.map((r) => (this.telescope === 'mid' ? this.entryPoint.names.receptorId(r) : String(r))));
    for (const other of this.entryPoint.names.subarrayIds) {
      if (other === id) continue;
      const held = await this.assignedResources(other);
      const clash = held.filter((r) => wanted.has(r));
      if (clash.length === 0) continue;
      const report = [{ device: this.entryPoint.names.tmSubarray(other), attr: 'assignedResources', actual: held, expected: `none of ${[...wanted].join(', ')}` }];
      if (this.runtime.env.recovery === 'off') throw new SutNotReadyError(`receptors ${clash.join(', ')} are held by subarray ${other}`, report);
      note(this.runtime, `[skallop:recovery] receptors ${clash.join(', ')} held by subarray ${other}; releasing it`);
      await recoverSubarray(this.runtime, other, settings, `freeing receptors for subarray ${id}`);
    }
  }

  /** Sends Off (when ON) and waits for shutdown. */
  async switchOffNow(settings: ExecSettings): Promise<void> {
    if ((await readTelescopeState(this.runtime)) !== 'ON') {
      this.state = 'OFF';
      return;
    }
    await waitForTargets(this.runtime, this.runtime.rules.shutDown(), () => this.entryPoint.setTelescopeToStandby(), settings, { currentCounts: true });
    this.state = 'OFF';
  }

  private async assignedResources(id: number): Promise<string[]> {
    try {
      const r = await this.entryPoint.read(this.entryPoint.names.tmSubarray(id), 'assignedResources');
      return Array.isArray(r.value) ? r.value.map((v) => String(valueName('assignedResources', v))) : [];
    } catch {
      return [];
    }
  }

  private markOn(settings: ExecSettings): void {
    this.state = 'ON';
    const stack = this.runtime.env.maintainOn ? this.sessionStack : this.testStack;
    const handle = stack.defer(() => this.switchOffNow(settings), this.runtime.env.maintainOn ? 'switch the telescope off (session end)' : 'switch the telescope off');
    this.pendingOff = { stack, handle };
  }

  /** Targets of startup that are not met now (a readiness report). */
  async startupReport(): Promise<Awaited<ReturnType<typeof unmetTargets>>> {
    return unmetTargets(this.runtime, this.runtime.rules.startUp());
  }
}
