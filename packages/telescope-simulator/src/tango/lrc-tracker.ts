import { OBS_STATE_MACHINE, type SubarrayCommand } from '../model/obs-state.js';
import type { TelescopeSimulator } from '../simulator.js';
import { ResultCode, type TaskStatus } from './ska-enums.js';

/** The long-running-command attributes of one device, as ska-tango-base reports them. */
export interface LrcAttributes {
  /** `[id, status, id, status, ...]`, newest last. */
  longRunningCommandStatus: string[];
  /** `[id, JSON [ResultCode, message]]` of the last command that finished. */
  longRunningCommandResult: string[];
  /** `[id, percent]` of the last progress report. */
  longRunningCommandProgress: string[];
  longRunningCommandsInQueue: string[];
  longRunningCommandIDsInQueue: string[];
}

export const LRC_ATTRIBUTES = [
  'longRunningCommandStatus',
  'longRunningCommandResult',
  'longRunningCommandProgress',
  'longRunningCommandsInQueue',
  'longRunningCommandIDsInQueue',
] as const satisfies ReadonlyArray<keyof LrcAttributes>;

/** What decides that an accepted command has finished: a value the model reaches. */
export type Completion =
  | { kind: 'obsState'; device: string; command: SubarrayCommand }
  | { kind: 'telescopeState'; device: string; target: string };

interface Task {
  id: string;
  command: string;
  status: TaskStatus;
  stop?: () => void;
}

/** Statuses kept per device (ska-tango-base keeps a bounded history too). */
const HISTORY = 32;

/**
 * Tracks long-running commands of one device by watching the simulator's own attributes (no second state
 * machine): a subarray command completes when TM reaches the final obsState of the model's transition table,
 * fails on FAULT and is aborted when the subarray enters ABORTING first; telescope commands complete when
 * `telescopeState` reaches the target.
 */
export class LrcTracker {
  private readonly tasks: Task[] = [];
  private result: string[] = [];
  private progress: string[] = [];
  private closed = false;

  constructor(
    private readonly sim: TelescopeSimulator,
    private readonly onChange: (attrs: ReadonlyArray<keyof LrcAttributes>) => void,
  ) {}

  get attributes(): LrcAttributes {
    const pending = this.tasks.filter((t) => t.status === 'QUEUED' || t.status === 'IN_PROGRESS');
    return {
      longRunningCommandStatus: this.tasks.flatMap((t) => [t.id, t.status]),
      longRunningCommandResult: [...this.result],
      longRunningCommandProgress: [...this.progress],
      longRunningCommandsInQueue: pending.map((t) => t.command),
      longRunningCommandIDsInQueue: pending.map((t) => t.id),
    };
  }

  /** Registers an accepted command: IN_PROGRESS now, finished when `completion` says so. */
  start(id: string, command: string, completion: Completion): void {
    if (this.closed) return;
    const task: Task = { id, command, status: 'IN_PROGRESS' };
    this.tasks.push(task);
    if (this.tasks.length > HISTORY) this.tasks.splice(0, this.tasks.length - HISTORY);
    this.onChange(['longRunningCommandStatus', 'longRunningCommandsInQueue', 'longRunningCommandIDsInQueue']);
    if (completion.kind === 'telescopeState') {
      const unsubscribe = this.sim.subscribeNow(completion.device, 'telescopeState', (e) => {
        if (e.value === completion.target) this.finish(task, 'COMPLETED', ResultCode.OK, `${command} completed`);
      });
      if (task.status === 'IN_PROGRESS') task.stop = unsubscribe;
      else unsubscribe();
      return;
    }
    const row = OBS_STATE_MACHINE[completion.command];
    const finals: string[] = completion.command === 'ReleaseResources' ? ['IDLE', 'EMPTY'] : [row.final];
    let seenTransient = row.transient === undefined;
    const unsubscribe = this.sim.subscribeNow(completion.device, 'obsState', (e) => {
      if (e.initial) return;
      const v = String(e.value);
      if (v === 'FAULT') return this.finish(task, 'FAILED', ResultCode.FAILED, `${command} failed: the subarray went to FAULT`);
      if (completion.command !== 'Abort' && (v === 'ABORTING' || v === 'ABORTED')) return this.finish(task, 'ABORTED', ResultCode.ABORTED, `${command} aborted`);
      if (!seenTransient) {
        if (v === row.transient) {
          seenTransient = true;
          this.progress = [task.id, '50'];
          this.onChange(['longRunningCommandProgress']);
        }
        return;
      }
      if (finals.includes(v)) this.finish(task, 'COMPLETED', ResultCode.OK, `${command} completed`);
    });
    if (task.status === 'IN_PROGRESS') task.stop = unsubscribe;
    else unsubscribe();
  }

  private finish(task: Task, status: TaskStatus, code: number, message: string): void {
    if (task.status !== 'IN_PROGRESS') return;
    task.status = status;
    task.stop?.();
    task.stop = undefined;
    this.result = [task.id, JSON.stringify([code, message])];
    this.progress = [task.id, '100'];
    this.onChange(['longRunningCommandStatus', 'longRunningCommandProgress', 'longRunningCommandResult', 'longRunningCommandsInQueue', 'longRunningCommandIDsInQueue']);
  }

  close(): void {
    this.closed = true;
    for (const t of this.tasks) {
      t.stop?.();
      t.stop = undefined;
    }
  }
}
