import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineQueue } from './deadlines.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('DeadlineQueue (one timer for many call deadlines)', () => {
  it('expires each entry at its own deadline, in any insertion order, and never a completed one', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const expired: string[] = [];
    const q = new DeadlineQueue<string>((k) => expired.push(k));
    q.add('slow', 300);
    q.add('fast', 100);
    q.add('done', 50);
    q.delete('done');
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(expired).toEqual(['fast']);
    vi.advanceTimersByTime(200);
    expect(expired).toEqual(['fast', 'slow']);
    expect(q.size).toBe(0);
  });

  it('clamps deadlines beyond setTimeout range instead of firing at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const expired: number[] = [];
    const q = new DeadlineQueue<number>((k) => expired.push(k));
    q.add(1, 2 ** 32);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([]);
    q.clear();
    expect(q.size).toBe(0);
  });
});
