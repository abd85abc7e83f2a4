import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { MAX_TIMEOUT_MS, setLongTimeout } from './long-timeout.js';

const DAY_MS = 86_400_000;

// vitest's fake timers clamp a delay over 2^31-1 ms to 1 ms exactly as Node does, so they expose the overflow.
describe('setLongTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a plain setTimeout beyond the limit fires after 1 ms (the defect this guards against)', () => {
    const fired = vi.fn();
    setTimeout(fired, MAX_TIMEOUT_MS + 1);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  test('a 30-day timer does not fire early and fires when due', () => {
    const fired = vi.fn();
    const timer = setLongTimeout(fired, 30 * DAY_MS);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * DAY_MS - MAX_TIMEOUT_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    expect(timer.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(timer.pending).toBe(false);
  });

  test('cancel stops a far timer between hops', () => {
    const fired = vi.fn();
    const timer = setLongTimeout(fired, 3 * MAX_TIMEOUT_MS);
    vi.advanceTimersByTime(MAX_TIMEOUT_MS + 5);
    timer.cancel();
    timer.cancel();
    vi.advanceTimersByTime(3 * MAX_TIMEOUT_MS);
    expect(fired).not.toHaveBeenCalled();
    expect(timer.pending).toBe(false);
  });

  test('short and negative delays behave as setTimeout', () => {
    const order: string[] = [];
    setLongTimeout(() => order.push('later'), 10);
    setLongTimeout(() => order.push('now'), -5);
    vi.advanceTimersByTime(0);
    expect(order).toEqual(['now']);
    vi.advanceTimersByTime(10);
    expect(order).toEqual(['now', 'later']);
  });
});
