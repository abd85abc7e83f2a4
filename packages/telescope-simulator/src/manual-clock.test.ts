import { describe, expect, test } from 'vitest';
import { MANUAL_CLOCK_EPOCH, ManualClock } from './manual-clock.js';
import { systemClock } from './clock.js';

describe('ManualClock', () => {
  test('fires timers in due order, ties in creation order, including timers created while advancing', () => {
    const clock = new ManualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@10'), 10);
    clock.setTimeout(() => {
      fired.push('a@0');
      clock.setTimeout(() => fired.push('c@0-nested'), 0);
      clock.setTimeout(() => fired.push('d@10-nested'), 10);
    }, 0);
    clock.setTimeout(() => fired.push('e@20'), 20);
    clock.advance(10);
    expect(fired).toEqual(['a@0', 'c@0-nested', 'b@10', 'd@10-nested']);
    expect(clock.now()).toBe(MANUAL_CLOCK_EPOCH + 10);
    expect(clock.pending).toBe(1);
  });

  test('a timer sees the clock at its due time', () => {
    const clock = new ManualClock(1000);
    let seen = 0;
    clock.setTimeout(() => (seen = clock.now()), 250);
    clock.advance(1000);
    expect(seen).toBe(1250);
    expect(clock.now()).toBe(2000);
  });

  test('clearTimeout cancels; runAll jumps to each timer and stops at the limit', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const h = clock.setTimeout(() => fired.push(1), 5);
    clock.setTimeout(() => fired.push(2), 500);
    clock.clearTimeout(h);
    expect(clock.runAll()).toBe(1);
    expect(fired).toEqual([2]);
    expect(clock.now()).toBe(500);
    const loop = () => clock.setTimeout(loop, 1);
    loop();
    expect(clock.runAll(50)).toBe(50);
  });

  test('advancing backwards is a RangeError', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });
});

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
  });
});
