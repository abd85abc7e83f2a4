import { setLongTimeout, type LongTimeout } from '../timers/long-timeout.js';

/** An opaque timer handle returned by a {@link Clock}; only the clock that made it can clear it. */
export type TimerHandle = object | number;

/**
 * The one time source of every package: inject a {@link ManualClock} in tests so nothing sleeps for
 * real, or a {@link createClock} with `speed` to run long device timers fast.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (may be fractional). */
  now(): number;
  /** Microseconds since the Unix epoch. */
  nowMicros(): bigint;
  /** Runs `fn` once after `ms` of clock time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` every `ms` of clock time. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: unknown): void;
  /** Resolves after `ms` of clock time. */
  sleep(ms: number): Promise<void>;
  /** Clock milliseconds per real millisecond (1 = real time). */
  readonly speed: number;
}

/**
 * The part of a {@link Clock} that code only reading time and arming one-shot timers needs; accepting
 * this lets callers pass a small hand-written clock.
 */
export type TimeoutClock = Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;

export interface ClockOptions {
  /** Clock time runs this many times faster than real time (default 1). */
  speed?: number;
  /** Clock epoch ms at creation (default: the real current time). */
  startMs?: number;
  /** Let the process exit while only this clock's timers are pending (default false; `sleep` always holds it). */
  unref?: boolean;
}

interface ClockTimer {
  immediate?: NodeJS.Immediate;
  timeout?: LongTimeout;
  interval?: NodeJS.Timeout;
}

function preciseNowMs(): number {
  return performance.timeOrigin + performance.now();
}

function timersFor(speed: number, unref: boolean): Omit<Clock, 'now' | 'nowMicros' | 'speed'> {
  const arm = (fn: () => void, ms: number, hold: boolean): ClockTimer => {
    // A zero delay runs on `setImmediate`, not `setTimeout(0)` (which Node clamps to 1 ms): zero-delay
    // transitions still land in their own ticks without slowing down. Not for unref'd clocks (the DISCOS
    // simulators): there the ACU status loop stalled under a command flood on unref'd immediates (the
    // acu-sockets fuzz test), and the 1 ms clamp is what those devices always ran on.
    if (!(ms > 0) && hold) return { immediate: setImmediate(fn) };
    // Delays may lie weeks ahead (a timed start): beyond setTimeout's 2^31-1 ms a plain timer fires after 1 ms.
    return { timeout: setLongTimeout(fn, ms / speed, { unref: !hold }) };
  };
  const clear = (handle: unknown): void => {
    const h = handle as ClockTimer | undefined;
    if (h?.immediate) clearImmediate(h.immediate);
    h?.timeout?.cancel();
    if (h?.interval) clearInterval(h.interval);
  };
  return {
    setTimeout: (fn, ms) => arm(fn, ms, !unref),
    clearTimeout: clear,
    setInterval(fn, ms) {
      const interval = setInterval(fn, Math.max(1, ms / speed));
      if (unref) interval.unref();
      return { interval } satisfies ClockTimer;
    },
    clearInterval: clear,
    sleep: (ms) => new Promise<void>((resolve) => arm(resolve, ms, true)),
  };
}

/**
 * A clock following real time, optionally accelerated: `now()` advances `speed` times faster than the
 * real clock (with sub-millisecond resolution) and timers fire after `ms / speed` real milliseconds.
 */
export function createClock(options: ClockOptions = {}): Clock {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
  const realStart = preciseNowMs();
  const simStart = options.startMs ?? realStart;
  const now = (): number => simStart + (preciseNowMs() - realStart) * speed;
  return {
    speed,
    now,
    nowMicros: () => BigInt(Math.round(now() * 1000)),
    ...timersFor(speed, options.unref ?? false),
  };
}

/**
 * The wall clock: `now()` is `Date.now()`, timers are ordinary (they keep the process alive) and
 * never clamp far delays.
 */
export const systemClock: Clock = {
  speed: 1,
  now: () => Date.now(),
  nowMicros: () => BigInt(Math.round(preciseNowMs() * 1000)),
  ...timersFor(1, false),
};
