import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay-buffer.js';

describe('ReplayBuffer', () => {
  it('numbers events from 1 and replays those after a given id', () => {
    const buffer = new ReplayBuffer<string>(10);
    for (const v of ['a', 'b', 'c']) buffer.push(v);
    expect(buffer.latestId).toBe(3);
    expect(buffer.since('1').map((e) => e.value)).toEqual(['b', 'c']);
    expect(buffer.since(3)).toEqual([]);
    expect(buffer.since(undefined).map((e) => e.id)).toEqual([1, 2, 3]);
    expect(buffer.since('garbage').map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest events up to its capacity', () => {
    const buffer = new ReplayBuffer<number>(2);
    for (let i = 0; i < 5; i++) buffer.push(i);
    expect(buffer.since(0).map((e) => e.value)).toEqual([3, 4]);
    expect(buffer.oldestId).toBe(4);
    expect(new ReplayBuffer(1).oldestId).toBeUndefined();
  });

  it('notifies subscribers until they unsubscribe', () => {
    const buffer = new ReplayBuffer<number>();
    const seen: number[] = [];
    const unsubscribe = buffer.subscribe((e) => seen.push(e.value));
    buffer.push(1);
    unsubscribe();
    buffer.push(2);
    expect(seen).toEqual([1]);
    expect(buffer.subscriberCount).toBe(0);
  });
});
