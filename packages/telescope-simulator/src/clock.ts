/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * The time source of the simulator (and of anything waiting on it). Inject a {@link ManualClock} in
 * tests so nothing sleeps for real.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The wall clock. A zero delay runs on `setImmediate` rather than `setTimeout(0)` (which Node clamps to
 * 1 ms), so a zero-delay simulator still separates transitions into their own ticks without slowing down.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    if (ms <= 0) return { immediate: setImmediate(fn) };
    return { timeout: setTimeout(fn, ms) };
  },
  clearTimeout(handle) {
    const h = handle as { immediate?: NodeJS.Immediate; timeout?: NodeJS.Timeout } | undefined;
    if (h?.immediate) clearImmediate(h.immediate);
    if (h?.timeout) clearTimeout(h.timeout);
  },
};
