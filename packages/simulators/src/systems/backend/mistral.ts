import type { Clock, TimerHandle } from '../../framework/index.js';
import { BackendCommandError, GenericBackendSystem, type CommandResult } from './generic-backend.js';

const SETUP_MS = 60_000;
const SWEEP_MS = 300_000;

/** The MISTRAL (KID array) backend: `setup` before any task, sweeps, `reset`. */
export class MistralSystem extends GenericBackendSystem {
  private ready = false;
  private runningSetup = false;
  private runningTargetSweep = false;
  private runningVnaSweep = false;
  private taskTimers: TimerHandle[] = [];

  constructor(clock: Clock) {
    super(clock);
    this.commands.set('setup', () => this.setup());
    this.commands.set('target-sweep', () => this.sweep('target'));
    this.commands.set('vna-sweep', () => this.sweep('vna'));
    this.commands.set('reset', () => this.reset());
  }

  /** The last running task in the reference's order, or ''. */
  private runningTask(): string {
    let task = '';
    if (this.acquiring) task = 'acquisition';
    if (this.runningSetup) task = 'setup';
    if (this.runningTargetSweep) task = 'target-sweep';
    if (this.runningVnaSweep) task = 'vna-sweep';
    return task;
  }

  private error(): { reason: string; message: string } | undefined {
    if (this.failure) return { reason: 'failure', message: 'failure description' };
    const task = this.runningTask();
    if (task) return { reason: 'running_task', message: `${task} in progress` };
    if (!this.ready) return { reason: 'setup', message: 'system not initialized (setup required)' };
    return undefined;
  }

  private setup(): CommandResult {
    const error = this.error();
    if (error && error.reason !== 'setup') throw new BackendCommandError(error.message);
    this.runningSetup = true;
    this.taskTimers.push(
      this.schedule(() => {
        this.ready = true;
        this.runningSetup = false;
      }, SETUP_MS),
    );
    return undefined;
  }

  private sweep(kind: 'target' | 'vna'): CommandResult {
    const error = this.error();
    if (error) throw new BackendCommandError(error.message);
    if (kind === 'target') this.runningTargetSweep = true;
    else this.runningVnaSweep = true;
    this.taskTimers.push(
      this.schedule(() => {
        if (kind === 'target') this.runningTargetSweep = false;
        else this.runningVnaSweep = false;
      }, SWEEP_MS),
    );
    return undefined;
  }

  protected override doStart(args: readonly string[]): CommandResult {
    const error = this.error();
    if (error) throw new BackendCommandError(error.message);
    return super.doStart(args);
  }

  protected override doStatus(): CommandResult {
    return [this.time(), this.error()?.message || 'ready to run a task', this.acquiring ? 1 : 0];
  }

  private reset(): CommandResult {
    for (const handle of this.taskTimers) this.cancel(handle);
    this.taskTimers = [];
    this.ready = false;
    this.runningSetup = false;
    this.runningTargetSweep = false;
    this.runningVnaSweep = false;
    this.resetGeneric();
    return undefined;
  }
}
