import type { ExecSettings } from '../env/exec-settings.js';
import { ScanNotCompletedError, UnexpectedStateError, WaitTimeoutError } from '../errors.js';
import type { Composition, SbConfig, ScanConfiguration } from '../sut/compositions.js';
import { STANDARD_CONFIGURATION } from '../sut/compositions.js';
import { StackableContext } from '../stack/stackable-context.js';
import type { ExitInfo, Handle } from '../stack/teardown-stack.js';
import { recoverSubarray } from './recovery.js';
import type { SkallopRuntime } from './runtime.js';
import { obsTargets, readObsStates, waitForTargets } from './sut-ops.js';
import type { SubarrayOwner } from './subarray-owner.js';

/**
 * One allocated subarray: configures and scans it, and registers the reverse of each change (End, release)
 * on the test stack.
 */
export class SubarrayContext extends StackableContext {
  /** obsState as last established by this context. */
  obsState: string = 'EMPTY';
  configuration: ScanConfiguration | undefined;
  durationS = 1;
  private releaseHandle: Handle | undefined;
  private clearHandle: Handle | undefined;

  constructor(
    /** The telescope context that allocated this subarray. */
    readonly telescopeContext: SubarrayOwner,
    readonly id: number,
    readonly receptors: number[],
    readonly sbConfig: SbConfig,
    readonly composition: Composition,
    readonly settings: ExecSettings,
  ) {
    super(telescopeContext.sessionStack, telescopeContext.testStack);
  }

  private get rt(): SkallopRuntime {
    return this.telescopeContext.runtime;
  }

  private get ep(): SkallopRuntime['entryPoint'] {
    return this.rt.entryPoint;
  }

  /** The TM subarray node's obsState now (TM reaches final states last). */
  async readObsState(): Promise<string> {
    return String((await readObsStates(this.rt, this.id))[0]!.value);
  }

  /** Configures a scan, waits for READY on TM/CSP/SDP, registers End. */
  async configure(configuration: ScanConfiguration = STANDARD_CONFIGURATION, durationS = 1, settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    await this.ensureConfigurable();
    await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => this.ep.configureSubarray(this.id, this.receptors, configuration, this.sbConfig.sbId, durationS), settings);
    this.configuration = configuration;
    this.durationS = durationS;
    this.obsState = 'READY';
    if (!this.clearHandle || !this.testStack.has(this.clearHandle)) this.clearConfigurationWhenFinished(settings);
    return this;
  }

  /** Registers End (for a test that configures the subarray itself). */
  clearConfigurationWhenFinished(settings: ExecSettings = this.settings): Handle {
    this.clearHandle = this.deferOnTest((info) => this.clearNow(settings, info), `clear the configuration of subarray ${this.id}`);
    return this.clearHandle;
  }

  /**
   * Registers a check for after the test: READY passes, SCANNING is awaited (at the deadline: EndScan and
   * `ScanNotCompletedError`), any other state is recorded as `UnexpectedStateError` and recovered. A subarray
   * found READY is then cleared (End) so the release can follow.
   */
  checkConfigurationWhenFinished(settings: ExecSettings = this.settings): Handle {
    this.clearHandle = this.deferOnTest(async () => {
      const state = await this.readObsState();
      if (state === 'SCANNING') {
        try {
          await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => undefined, settings, { currentCounts: true });
        } catch (err) {
          if (!(err instanceof WaitTimeoutError)) throw err;
          await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => this.ep.endScan(this.id), settings, { currentCounts: true });
          await this.clearNow(settings);
          throw new ScanNotCompletedError(this.id, settings.timeoutMs);
        }
      } else if (state !== 'READY') {
        await recoverSubarray(this.rt, this.id, settings, 'checkConfigurationWhenFinished');
        this.obsState = 'EMPTY';
        throw new UnexpectedStateError(this.id, state, 'READY');
      }
      await this.clearNow(settings);
    }, `check the configuration of subarray ${this.id}`);
    return this.clearHandle;
  }

  /** Scan: READY, SCANNING, READY. Sends EndScan if still scanning after `durationS`. */
  async scan(settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    const scanning = obsTargets(this.rt, this.id, 'SCANNING');
    await waitForTargets(this.rt, scanning, () => this.ep.scan(this.id), settings);
    this.obsState = 'SCANNING';
    const budget = Math.min(settings.timeoutMs, this.durationS * 1000 + settings.timeoutMs / 10);
    try {
      await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => undefined, settings.replica({ timeoutMs: budget }), { currentCounts: true });
    } catch (err) {
      if (!(err instanceof WaitTimeoutError)) throw err;
      await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => this.ep.endScan(this.id), settings, { currentCounts: true });
    }
    this.obsState = 'READY';
    return this;
  }

  /** Starts a scan and returns at SCANNING; registers a wait for READY after the test (EndScan as fallback). */
  async setToScanning(settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'SCANNING'), () => this.ep.scan(this.id), settings);
    this.obsState = 'SCANNING';
    this.deferOnTest(async () => {
      if ((await this.readObsState()) !== 'SCANNING') return;
      try {
        await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => undefined, settings, { currentCounts: true });
      } catch (err) {
        if (!(err instanceof WaitTimeoutError)) throw err;
        await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => this.ep.endScan(this.id), settings, { currentCounts: true });
      }
      this.obsState = 'READY';
    }, `wait for subarray ${this.id} to finish scanning`);
    return this;
  }

  /** Starts a Configure and returns at CONFIGURING (TM); registers End unless `clearAfterwards` is false. */
  async setToConfiguring(
    configuration: ScanConfiguration = STANDARD_CONFIGURATION,
    settings: ExecSettings = this.settings,
    { clearAfterwards = true }: { clearAfterwards?: boolean } = {},
  ): Promise<this> {
    settings.touch();
    await this.ensureConfigurable();
    const tm = this.rt.rules.subarrayDevices(this.id)[0]!;
    await waitForTargets(this.rt, [{ device: tm, attr: 'obsState', value: 'CONFIGURING' }], () => this.ep.configureSubarray(this.id, this.receptors, configuration, this.sbConfig.sbId, this.durationS), settings);
    this.configuration = configuration;
    this.obsState = 'CONFIGURING';
    if (clearAfterwards && (!this.clearHandle || !this.testStack.has(this.clearHandle))) this.clearConfigurationWhenFinished(settings);
    return this;
  }

  /** Waits for READY around your own configure `action`; registers End. */
  async waitForConfiguringASubarray(action: () => unknown, settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), action, settings);
    this.obsState = 'READY';
    if (!this.clearHandle || !this.testStack.has(this.clearHandle)) this.clearConfigurationWhenFinished(settings);
    return this;
  }

  /** Waits for EMPTY around your own release `action`, cancelling the pending automatic release. */
  async waitForReleasingASubarray(action: () => unknown, settings: ExecSettings = this.settings): Promise<this> {
    settings.touch();
    this.disableAutomaticTeardown();
    await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'EMPTY'), action, settings);
    this.obsState = 'EMPTY';
    return this;
  }

  /** Cancels the pending release; true when one was pending. */
  disableAutomaticTeardown(): boolean {
    const h = this.releaseHandle;
    this.releaseHandle = undefined;
    return h ? this.testStack.cancel(h) : false;
  }

  /** Cancels the pending End; true when one was pending. */
  disableAutomaticClear(): boolean {
    const h = this.clearHandle;
    this.clearHandle = undefined;
    return h ? this.testStack.cancel(h) : false;
  }

  /** Registers ObsReset (ABORTED/FAULT to IDLE) so that the release still runs afterwards. */
  resetAfterTest(settings: ExecSettings = this.settings): Handle {
    return this.recoverAfterTest('IDLE', () => this.ep.resetSubarray(this.id), settings, `reset subarray ${this.id}`);
  }

  /** Registers Restart (ABORTED/FAULT to EMPTY) and cancels the release (Restart frees the resources). */
  restartAfterTest(settings: ExecSettings = this.settings): Handle {
    this.disableAutomaticTeardown();
    this.disableAutomaticClear();
    return this.recoverAfterTest('EMPTY', () => this.ep.restartSubarray(this.id), settings, `restart subarray ${this.id}`);
  }

  /** Registers for after the test: a subarray then ABORTED or FAULT gets `command`, and the wait for `target`. */
  private recoverAfterTest(target: 'IDLE' | 'EMPTY', command: () => Promise<void>, settings: ExecSettings, label: string): Handle {
    return this.deferOnTest(async () => {
      const state = await this.readObsState();
      if (state !== 'ABORTED' && state !== 'FAULT') return;
      await waitForTargets(this.rt, obsTargets(this.rt, this.id, target), command, settings);
      this.obsState = target;
    }, label);
  }

  /** Registers the release (internal: used by the telescope context). */
  registerRelease(settings: ExecSettings): Handle {
    this.releaseHandle = this.deferOnTest((info) => this.releaseNow(settings, info), `release subarray ${this.id}`);
    return this.releaseHandle;
  }

  /** End when READY (after a running configure or scan finished); other unexpected states are recovered. */
  private async clearNow(settings: ExecSettings, info?: ExitInfo): Promise<void> {
    let state = await this.readObsState();
    // After a failed test a transient state is not awaited: the subarray is recovered at once.
    if ((state === 'CONFIGURING' || state === 'SCANNING') && !info?.testFailed) {
      try {
        await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'READY'), () => undefined, settings, { currentCounts: true });
        state = 'READY';
      } catch (err) {
        if (!(err instanceof WaitTimeoutError)) throw err;
      }
    }
    if (state === 'READY') {
      await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'IDLE'), () => this.ep.clearConfiguration(this.id), settings);
      this.obsState = 'IDLE';
      return;
    }
    if (state === 'IDLE' || state === 'EMPTY') return;
    await recoverSubarray(this.rt, this.id, settings, 'clearing the configuration');
    this.obsState = 'EMPTY';
    if (!info?.testFailed) throw new UnexpectedStateError(this.id, state, 'READY');
  }

  /** ReleaseAllResources when IDLE; nothing when EMPTY; any other state is recovered and reported. */
  private async releaseNow(settings: ExecSettings, info?: ExitInfo): Promise<void> {
    const state = await this.readObsState();
    if (state === 'EMPTY') return;
    if (state === 'IDLE') {
      await waitForTargets(this.rt, obsTargets(this.rt, this.id, 'EMPTY'), () => this.ep.tearDownSubarray(this.id), settings);
      this.obsState = 'EMPTY';
      return;
    }
    await recoverSubarray(this.rt, this.id, settings, 'releasing the subarray');
    this.obsState = 'EMPTY';
    // A failed test already tells the story; a passing one that left the subarray dirty gets a teardown error.
    if (!info?.testFailed) throw new UnexpectedStateError(this.id, state, 'IDLE');
  }

  private async ensureConfigurable(): Promise<void> {
    await this.telescopeContext.ensureReady({ configure: this.id }, this.settings);
  }

}
