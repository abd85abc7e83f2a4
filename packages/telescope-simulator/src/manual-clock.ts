import type { Clock, TimerHandle } from './clock.js';

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** Default start time of a {@link ManualClock}: a fixed instant, so test output is reproducible. */
export const MANUAL_CLOCK_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

/**
 * A clock that only moves when told to. Timers fire in due-time order (ties in creation order),
 * including timers created by timers while advancing.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(startMs: number = MANUAL_CLOCK_EPOCH) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way; `advance(0)` runs what is due now. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    const target = this.current + ms;
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) {
      this.timers.delete(timer.id);
      this.current = Math.max(this.current, timer.at);
      timer.fn();
    }
    this.current = target;
  }

  /**
   * Fires timers until none is left, jumping time to each one; stops after `limit` timers (a
   * self-rescheduling timer would otherwise never end). Returns the number fired.
   */
  runAll(limit = 10_000): number {
    let fired = 0;
    for (let timer = this.nextDue(Infinity); timer && fired < limit; timer = this.nextDue(Infinity)) {
      this.timers.delete(timer.id);
      this.current = Math.max(this.current, timer.at);
      timer.fn();
      fired += 1;
    }
    return fired;
  }

  private nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id))) best = timer;
    }
    return best;
  }
}
