import { describe, expect, test } from 'vitest';
import { MANUAL_CLOCK_EPOCH, ManualClock } from './manual-clock.js';

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
    expect(clock.nowMicros()).toBe(2_000_000n);
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

  test('intervals repeat at their period, interleave with timeouts by due time, and stop when cleared', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const every = clock.setInterval(() => fired.push(`tick@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`once@${clock.now()}`), 15);
    clock.advance(30);
    expect(fired).toEqual(['tick@10', 'once@15', 'tick@20', 'tick@30']);
    clock.clearInterval(every);
    clock.advance(100);
    expect(fired).toHaveLength(4);
    expect(clock.pending).toBe(0);
  });

  test('an interval that clears itself from its callback fires once', () => {
    const clock = new ManualClock(0);
    let count = 0;
    const handle = clock.setInterval(() => {
      count += 1;
      clock.clearInterval(handle);
    }, 5);
    clock.advance(50);
    expect(count).toBe(1);
  });

  test('sleep resolves when the clock reaches its due time', async () => {
    const clock = new ManualClock(0);
    let done = false;
    const slept = clock.sleep(100).then(() => (done = true));
    clock.advance(99);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await slept;
    expect(done).toBe(true);
    expect(clock.speed).toBe(1);
  });
});
