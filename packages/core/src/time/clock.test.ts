import { EventEmitter, once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { createClock, systemClock } from './clock.js';

describe('systemClock', () => {
  test('runs zero-delay timers on the next turn and can cancel them', async () => {
    const order: string[] = [];
    const cancelled = systemClock.setTimeout(() => order.push('cancelled'), 0);
    systemClock.clearTimeout(cancelled);
    await new Promise<void>((resolve) => systemClock.setTimeout(() => resolve(order.push('zero') as never), 0));
    const t = systemClock.setTimeout(() => order.push('late'), 10_000);
    systemClock.clearTimeout(t);
    expect(order).toEqual(['zero']);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
    expect(systemClock.speed).toBe(1);
  });

  test('a far timer does not fire early and can be cancelled', async () => {
    let fired = false;
    const far = systemClock.setTimeout(() => (fired = true), 40 * 24 * 3600 * 1000);
    await systemClock.sleep(5);
    systemClock.clearTimeout(far);
    expect(fired).toBe(false);
  });

  test('nowMicros agrees with now', () => {
    const micros = systemClock.nowMicros();
    expect(Math.abs(Number(micros / 1000n) - systemClock.now())).toBeLessThan(1000);
  });
});

describe('createClock', () => {
  test('rejects a speed that is not positive', () => {
    expect(() => createClock({ speed: 0 })).toThrow(RangeError);
    expect(() => createClock({ speed: -1 })).toThrow(RangeError);
  });

  test('starts at startMs and runs forward', () => {
    const clock = createClock({ startMs: 1_000, speed: 10 });
    const t0 = clock.now();
    expect(t0).toBeGreaterThanOrEqual(1_000);
    expect(clock.now()).toBeGreaterThanOrEqual(t0);
    expect(clock.nowMicros()).toBeGreaterThanOrEqual(1_000_000n);
    expect(clock.speed).toBe(10);
  });

  test('a fast clock fires a long simulated timer and a sleep, and its time moved by at least that much', async () => {
    const clock = createClock({ speed: 1000, startMs: 0 });
    // Node may fire a timer up to 1 real ms early by performance.now() (its loop time is cached), which is
    // `speed` clock ms here: the bounds allow that much and no more.
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 2_000));
    expect(clock.now()).toBeGreaterThanOrEqual(2_000 - clock.speed);
    await clock.sleep(1_000);
    expect(clock.now()).toBeGreaterThanOrEqual(3_000 - clock.speed);
  });

  test('intervals repeat until cleared', async () => {
    const clock = createClock({ speed: 100, unref: true });
    let ticks = 0;
    const done = new EventEmitter();
    const handle = clock.setInterval(() => {
      ticks += 1;
      if (ticks === 3) done.emit('third');
    }, 100);
    await once(done, 'third', { signal: AbortSignal.timeout(5000) });
    clock.clearInterval(handle);
    const at = ticks;
    await clock.sleep(500);
    expect(ticks).toBe(at);
  });
});
