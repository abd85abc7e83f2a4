/** The longest delay `setTimeout` honours; a longer one fires after 1 ms (Node warns and clamps it). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A pending {@link setLongTimeout}. */
export interface LongTimeout {
  /** Stops the timer; idempotent, and harmless after it fired. */
  cancel(): void;
  /** True until the callback ran or the timer was cancelled. */
  readonly pending: boolean;
}

export interface LongTimeoutOptions {
  /** Let the process exit while only this timer is pending (default true). */
  unref?: boolean;
}

/**
 * `setTimeout` for any delay: a delay beyond {@link MAX_TIMEOUT_MS} (about 24.9 days) is split into
 * hops of at most that length, so a far deadline fires when due instead of after 1 ms. Timers are
 * looked up on `globalThis` at each hop, so fake timers in tests drive it like a real one.
 */
export function setLongTimeout(callback: () => void, delayMs: number, options: LongTimeoutOptions = {}): LongTimeout {
  const unref = options.unref ?? true;
  let remaining = Number.isFinite(delayMs) ? Math.max(0, delayMs) : delayMs > 0 ? Infinity : 0;
  let handle: ReturnType<typeof setTimeout> | undefined;
  let pending = true;
  const arm = (): void => {
    const hop = Math.min(remaining, MAX_TIMEOUT_MS);
    remaining -= hop;
    handle = setTimeout(() => {
      if (!pending) return;
      if (remaining > 0) {
        arm();
        return;
      }
      pending = false;
      handle = undefined;
      callback();
    }, hop);
    if (unref) handle.unref?.();
  };
  arm();
  return {
    cancel() {
      pending = false;
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    },
    get pending() {
      return pending;
    },
  };
}
