import { WaitTimeoutError } from './errors.js';

export interface WaitForOptions {
  /** Deadline for the whole wait (default 5000 ms). */
  timeoutMs?: number;
  /** Pause between polls (default 25 ms). */
  intervalMs?: number;
  /** Names the awaited condition in the timeout error. */
  what?: string;
}

/**
 * Polls `predicate` until it returns a value other than `false`, `undefined` or `null` and resolves with that value.
 * For conditions that have no event to wait on; a thrown error in the predicate counts as "not yet" and is
 * reported as the cause if the deadline passes.
 */
export async function waitFor<T>(
  predicate: () => T | false | undefined | null | Promise<T | false | undefined | null>,
  options: WaitForOptions = {},
): Promise<T> {
  const { timeoutMs = 5000, intervalMs = 25, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== false && value !== undefined && value !== null) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const detail = lastError instanceof Error ? `last error: ${lastError.message}` : '';
      throw new WaitTimeoutError(what, timeoutMs, detail, lastError === undefined ? undefined : { cause: lastError });
    }
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
