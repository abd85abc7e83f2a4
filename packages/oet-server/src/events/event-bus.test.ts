import { describe, expect, it } from 'vitest';
import { EventBus, topicFilter } from './event-bus.js';

describe('topicFilter', () => {
  it.each([
    [undefined, 'procedure.lifecycle.created', true],
    ['all', 'user.script.announce', true],
    ['procedure', 'procedure.lifecycle.created', true],
    ['procedure.lifecycle', 'procedure.lifecycle.created', true],
    ['procedure.life', 'procedure.lifecycle.created', false],
    ['user.script.announce', 'user.script.announce', true],
    ['user.script.announce', 'user.script', false],
    ['sb, scan', 'scan.progress', true],
    ['sb,scan', 'subarray.abort', false],
  ])('topics=%s keeps %s: %s', (spec, topic, kept) => {
    expect(topicFilter(spec)(topic)).toBe(kept);
  });
});

describe('EventBus', () => {
  it('numbers events from 1, appends the topic to the payload, and replays after an id', () => {
    const bus = new EventBus(3);
    for (let i = 1; i <= 4; i++) bus.publish('user.x', { n: i });
    expect(bus.latestId).toBe(4);
    expect(bus.since(2).map((e) => [e.id, e.value.data])).toEqual([
      [3, '{"n":3,"topic":"user.x"}'],
      [4, '{"n":4,"topic":"user.x"}'],
    ]);
    // a client that saw more than this process has sent is talking to a restarted server: all
    expect(bus.since(99).map((e) => e.id)).toEqual([2, 3, 4]);
  });
});
