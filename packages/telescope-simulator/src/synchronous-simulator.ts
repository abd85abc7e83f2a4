import { componentLogger, systemClock, type Logger, type TimeoutClock } from '@observatory/core';
import { AttributeNotWritableError, InvalidArgumentError, SimulatorClosedError, hasTelsimCode } from './errors.js';
import { CommandLog } from './model/command-log.js';
import type { TelescopeNames } from './model/names.js';
import { ADMIN_MODES, type ObsState } from './model/obs-state.js';
import { TelescopeModel } from './model/telescope-model.js';
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
  Telescope,
  TelescopeSimulatorOptions,
} from './types.js';

/**
 * The in-process simulator's synchronous API: every call takes effect (or throws) before it returns, which
 * the HTTP and Tango adapters build on. `TelescopeSimulator` adds the asynchronous `TelescopeAccess` face.
 * The simulation itself is the {@link TelescopeModel}; this class adds the command log, logging, and the
 * closed state.
 */
export class SynchronousTelescopeSimulator {
  readonly telescope: Telescope;
  readonly names: TelescopeNames;
  readonly clock: TimeoutClock;
  /** Fault injection: `inject(spec)` returns an id; `clear(id?)`; `list()`. */
  readonly faults: { inject(spec: FaultSpec): string; clear(id?: string): void; list(): ActiveFault[] };
  private readonly log: Logger;
  private readonly model: TelescopeModel;
  private readonly sentCommands: CommandLog;
  private commandCount = 0;
  private closed = false;

  constructor(options: TelescopeSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.log = componentLogger(options.logger, 'telescope-simulator');
    this.model = new TelescopeModel(this.clock, options, (err) => this.log.error({ err }, 'event listener threw'));
    this.telescope = this.model.telescope;
    this.names = this.model.names;
    this.sentCommands = new CommandLog(options.commandLogLimit ?? 10_000, options.commandLogBytes ?? 8 * 1024 * 1024);
    const registry = this.model.faults;
    this.faults = {
      inject: (spec) => {
        this.assertOpen();
        const id = registry.inject(spec);
        this.log.info({ id, spec }, 'fault injected');
        return id;
      },
      clear: (id) => registry.clear(id),
      list: () => registry.list(),
    };
  }

  /** Every device name. */
  get deviceNames(): string[] {
    return this.model.store.deviceNames();
  }

  /** Subarray ids (1..N). */
  get subarrayIds(): number[] {
    return this.model.subarrayIds;
  }

  /** Resource names: mid `SKA001`..., low station ids as strings. */
  get resourceNames(): string[] {
    return this.model.resourceNames;
  }

  /** The newest global event sequence number. */
  get seq(): number {
    return this.model.store.seq;
  }

  /** Commands sent so far, accepted or not (oldest first; a copy). */
  get commandLog(): CommandLogEntry[] {
    return this.sentCommands.list();
  }

  clearCommandLog(): void {
    this.sentCommands.clear();
  }

  readNow(device: string, attr: string): AttrReading {
    return this.model.store.read(device, attr);
  }

  /** The subarray's obsState on TM (or another subsystem). */
  obsState(subarrayId: number, subsystem: Subsystem = 'tm'): ObsState {
    return this.model.obsState(subarrayId, subsystem);
  }

  /** Subscribes synchronously (the initial event is delivered before this returns). */
  subscribeNow(device: string, attr: string, listener: AttrEventListener): () => void {
    this.assertOpen();
    return this.model.store.subscribe(device, attr, listener);
  }

  /** Every change event of every device (no initial values); used by the HTTP server. */
  onEvent(listener: AttrEventListener): () => void {
    return this.model.store.subscribeAll(listener);
  }

  /** Current values of every attribute as initial events. */
  currentEvents() {
    return this.model.store.snapshotEvents();
  }

  /** Sends a command synchronously: throws if not accepted, otherwise schedules its transitions. */
  sendCommand(device: string, command: string, argin?: unknown): CommandResult {
    this.assertOpen();
    try {
      this.model.execute(device, command, argin);
    } catch (err) {
      this.sentCommands.record(this.clock.now(), device, command, argin, hasTelsimCode(err) ? err.code : 'ERROR');
      throw err;
    }
    this.sentCommands.record(this.clock.now(), device, command, argin, 'accepted');
    this.log.debug({ device, command }, 'command accepted');
    return { commandId: `cmd-${++this.commandCount}`, accepted: true };
  }

  /** Writes an attribute now (only `adminMode` is writable); the public form is the async `write`. */
  protected writeNow(device: string, attr: string, value: unknown): void {
    this.assertOpen();
    this.model.store.read(device, attr); // unknown device/attr first
    if (attr !== 'adminMode') throw new AttributeNotWritableError(device, attr);
    if (!ADMIN_MODES.includes(value as never)) throw new InvalidArgumentError(`adminMode must be one of ${ADMIN_MODES.join(', ')}`);
    this.model.store.set(device, attr, value);
  }

  snapshot(): SimulatorState {
    return this.model.snapshot();
  }

  /** Current delays and skews. */
  get timing(): { delays: Delays; skews: Skews } {
    return this.model.timing;
  }

  resetNow(): void {
    this.assertOpen();
    this.model.reset();
    this.clearCommandLog();
    this.log.info('reset');
  }

  forceResetNow(subarrayId: number): void {
    this.assertOpen();
    this.model.forceReset(subarrayId);
    this.log.warn({ subarrayId }, 'subarray force-reset');
  }

  setDelaysNow(delays: Delays & { skews?: Skews }): void {
    this.model.setDelays(delays);
  }

  /** Cancels every pending transition and drops every subscription. Idempotent; the public form is `close`. */
  protected closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.model.cancelAll();
    this.model.store.close();
  }

  protected assertOpen(): void {
    if (this.closed) throw new SimulatorClosedError();
  }
}
