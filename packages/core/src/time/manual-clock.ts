import type { Clock, TimerHandle } from './clock.js';

interface ManualTimer {
  id: number;
  at: number;
  fn: () => void;
  /** Set for intervals: the period in ms. */
  every?: number;
}

/** Default start time of a {@link ManualClock}: a fixed instant, so test output is reproducible. */
export const MANUAL_CLOCK_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

/**
 * A clock that only moves when told to. Timers fire in due-time order (ties in creation order),
 * including timers created by timers while advancing.
 */
export class ManualClock implements Clock {
  readonly speed = 1;
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(startMs: number = MANUAL_CLOCK_EPOCH) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  nowMicros(): bigint {
    return BigInt(Math.round(this.current * 1000));
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add({ id: this.nextId++, at: this.current + Math.max(0, ms), fn });
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const every = Math.max(1, ms);
    return this.add({ id: this.nextId++, at: this.current + every, fn, every });
  }

  clearInterval(handle: unknown): void {
    this.clearTimeout(handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Timers (and intervals) not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer due on the way; `advance(0)` runs what is due now. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    const target = this.current + ms;
    for (let timer = this.nextDue(target); timer; timer = this.nextDue(target)) this.fire(timer);
    this.current = target;
  }

  /**
   * Fires timers until none is left, jumping time to each one; stops after `limit` timers (a
   * self-rescheduling timer or an interval would otherwise never end). Returns the number fired.
   */
  runAll(limit = 10_000): number {
    let fired = 0;
    for (let timer = this.nextDue(Infinity); timer && fired < limit; timer = this.nextDue(Infinity)) {
      this.fire(timer);
      fired += 1;
    }
    return fired;
  }

  private add(timer: ManualTimer): number {
    this.timers.set(timer.id, timer);
    return timer.id;
  }

  private fire(timer: ManualTimer): void {
    this.current = Math.max(this.current, timer.at);
    // Rescheduled before running, so an interval that clears itself stays cleared.
    if (timer.every) timer.at += timer.every;
    else this.timers.delete(timer.id);
    timer.fn();
  }

  private nextDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at <= limit && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id))) best = timer;
    }
    return best;
  }
}
