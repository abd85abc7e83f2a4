import { StackClosedError, TeardownError } from '../errors.js';

/** Why a stack is unwinding, passed to every teardown. */
export interface ExitInfo {
  reason: 'test' | 'session';
  /** True when the test (or, for the session, any test) failed before the unwind. */
  testFailed: boolean;
}

export type Undo = (info: ExitInfo) => unknown;

/** Identifies one registered teardown so it can be cancelled or replaced. */
export interface Handle {
  readonly id: number;
  readonly label: string;
}

interface Entry {
  handle: Handle;
  undo: Undo;
}

let nextId = 1;

/**
 * A FILO list of teardowns. `unwind` runs every pending teardown, newest first, even after failures,
 * then throws one `TeardownError` holding each failure in execution order.
 */
export class TeardownStack {
  private readonly entries: Entry[] = [];
  private state: 'open' | 'unwinding' | 'closed' = 'open';

  constructor(readonly name = 'stack') {}

  get closed(): boolean {
    return this.state !== 'open';
  }

  /** Number of pending teardowns. */
  get size(): number {
    return this.entries.length;
  }

  /** Labels of the pending teardowns, oldest first. */
  get labels(): string[] {
    return this.entries.map((e) => e.handle.label);
  }

  defer(undo: Undo, label = 'teardown'): Handle {
    if (this.state !== 'open') throw new StackClosedError(label);
    const handle: Handle = Object.freeze({ id: nextId++, label });
    this.entries.push({ handle, undo });
    return handle;
  }

  /** True when `handle` was pending (and is now removed). */
  cancel(handle: Handle): boolean {
    const i = this.indexOf(handle);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /** Swaps the teardown of a pending handle, keeping its place; true when it was pending. */
  replace(handle: Handle, undo: Undo): boolean {
    const i = this.indexOf(handle);
    if (i < 0) return false;
    this.entries[i] = { handle, undo };
    return true;
  }

  has(handle: Handle): boolean {
    return this.indexOf(handle) >= 0;
  }

  async unwind(info: ExitInfo): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'unwinding';
    const errors: unknown[] = [];
    const labels: string[] = [];
    try {
      // Pop one at a time: a teardown may cancel another still pending (e.g. a release made redundant).
      for (let entry = this.entries.pop(); entry; entry = this.entries.pop()) {
        try {
          await entry.undo(info);
        } catch (err) {
          errors.push(err);
          labels.push(entry.handle.label);
        }
      }
    } finally {
      this.state = 'closed';
    }
    if (errors.length) throw new TeardownError(errors, labels);
  }

  private indexOf(handle: Handle): number {
    return this.entries.findIndex((e) => e.handle.id === handle.id);
  }
}
