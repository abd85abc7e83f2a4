import { setLongTimeout, type LongTimeout } from '@observatory/core';
/** Opaque timer handle returned by a {@link Clock}. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

/**
 * Time as a System sees it. Injectable so that long device timers (mscu setup 3 s, mistral sweeps 300 s,
 * ACU trajectories) run fast in tests: the reference's `FastTimeMock`.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (fractional: sub-millisecond precision). */
  now(): number;
  /** Microseconds since the Unix epoch. */
  nowMicros(): bigint;
  /** Runs `fn` after `ms` of simulated time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Runs `fn` every `ms` of simulated time. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined): void;
  /** Resolves after `ms` of simulated time. */
  sleep(ms: number): Promise<void>;
  /** Simulated seconds per real second (1 = real time). */
  readonly speed: number;
}

export interface ClockOptions {
  /** Simulated time runs this many times faster than real time (default 1). */
  speed?: number;
  /** Simulated epoch ms at creation (default: the real current time). */
  startMs?: number;
}

function realNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A clock following real time, optionally accelerated: `now()` advances `speed` times faster than the
 * wall clock and timers fire after `ms / speed` real milliseconds. Timers are unref'd so a forgotten
 * device timer never keeps a process alive.
 */
export function createClock(options: ClockOptions = {}): Clock {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
  const realStart = realNowMs();
  const simStart = options.startMs ?? realStart;
  const now = () => simStart + (realNowMs() - realStart) * speed;
  return {
    speed,
    now,
    nowMicros: () => BigInt(Math.round(now() * 1000)),
    // Device timers may lie weeks ahead (a timed backend start): beyond setTimeout's 2^31-1 ms a plain
    // timer would fire after 1 ms.
    setTimeout(fn, ms) {
      return setLongTimeout(fn, ms / speed, { unref: true });
    },
    clearTimeout(handle) {
      if (handle) (handle as LongTimeout).cancel();
    },
    setInterval(fn, ms) {
      const t = setInterval(fn, Math.max(1, ms / speed));
      t.unref();
      return t;
    },
    clearInterval(handle) {
      if (handle) clearInterval(handle as NodeJS.Timeout);
    },
    sleep(ms) {
      return new Promise((resolve) => setLongTimeout(resolve, ms / speed, { unref: false }));
    },
  };
}

/** The real-time clock every System uses unless told otherwise. */
export const systemClock: Clock = createClock();

interface ManualTimer {
  id: number;
  due: number;
  fn: () => void;
  every?: number;
}

/**
 * A clock that only moves when told (`advance(ms)`), firing due timers in order. For deterministic
 * unit tests of device timing without any real waiting.
 */
export class ManualClock implements Clock {
  readonly speed = 1;
  private current: number;
  private timers: ManualTimer[] = [];
  private nextId = 1;

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  nowMicros(): bigint {
    return BigInt(Math.round(this.current * 1000));
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: ManualTimer = { id: this.nextId++, due: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const every = Math.max(1, ms);
    const timer: ManualTimer = { id: this.nextId++, due: this.current + every, fn, every };
    this.timers.push(timer);
    return timer;
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.clearTimeout(handle);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Moves time forward by `ms`, running every timer that falls due, in due order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.current = next.due;
      if (next.every) next.due += next.every;
      else this.timers = this.timers.filter((t) => t !== next);
      next.fn();
    }
    this.current = target;
  }
}
