import { Subscriber } from 'zeromq';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEventByteOrder, decodeEventPayload, decodeZmqCallInfo } from '../../src/idl/events.js';
import { EventPublisher } from '../../src/server/event-publisher.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function publisher(opts: Partial<ConstructorParameters<typeof EventPublisher>[0]> = {}): EventPublisher {
  const p = new EventPublisher({ host: '127.0.0.1', prefix: 'tango://vm:10123/', nodb: true, adminName: 'dserver/tangotest/test', heartbeatMs: 60_000, ...opts });
  cleanups.push(() => p.close());
  return p;
}

function subscriber(endpoint: string, topic: string, hwm?: number): Subscriber {
  const s = new Subscriber(hwm ? { receiveHighWaterMark: hwm } : {});
  s.connect(endpoint);
  s.subscribe(topic);
  cleanups.push(() => s.close());
  return s;
}

// zeromq.js allows one receive() in flight per socket: a timed-out wait keeps its receive for the next call.
const pendingReceive = new WeakMap<Subscriber, Promise<Buffer[]>>();

async function receiveWithin(s: Subscriber, ms: number): Promise<Buffer[]> {
  let pending = pendingReceive.get(s);
  if (!pending) {
    pending = s.receive();
    pendingReceive.set(s, pending);
    pending.catch(() => undefined);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ZMQ message within ${ms} ms`)), ms);
  });
  try {
    const frames = await Promise.race([pending, timeout]);
    pendingReceive.delete(s);
    return frames;
  } finally {
    clearTimeout(timer);
  }
}

describe('ZMQ event publisher', () => {
  it('names topics and the heartbeat channel consistently (no #dbase=no mismatch on the heartbeat)', async () => {
    const p = publisher();
    await p.start();
    const reply = await p.subscribe('sys/tg_test/1', 'Double_Scalar', 'change', 5);
    expect(reply.lvalue).toEqual([934, 5, 1000, 0, 0, 435]);
    const [hb, ev, topic, channel] = reply.svalue;
    expect(hb).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(ev).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(topic).toBe('tango://vm:10123/sys/tg_test/1/double_scalar#dbase=no.idl5_change');
    expect(channel).toBe('tango://vm:10123/dserver/tangotest/test');
    expect(p.topicFor('sys/tg_test/1', 'x', 'data_ready', 5)).toBe('tango://vm:10123/sys/tg_test/1/x#dbase=no.data_ready');
    const db = publisher({ prefix: 'tango://127.0.0.1:10000/', nodb: false });
    expect(db.topicFor('sys/tg_test/1', 'double_scalar', 'periodic', 5)).toBe('tango://127.0.0.1:10000/sys/tg_test/1/double_scalar.idl5_periodic');
    expect(db.topicFor('sys/tg_test/1', 'double_scalar', 'change', 4)).toBe('tango://127.0.0.1:10000/sys/tg_test/1/double_scalar.change');

    // The heartbeat is published exactly as "<channel returned>.heartbeat".
    const sub = subscriber(hb!, `${channel}.heartbeat`);
    let frames: Buffer[] | undefined;
    // Each (re-)subscription sends a heartbeat at once; repeat until the new SUB socket has joined.
    for (let i = 0; i < 50 && !frames; i++) {
      await p.subscribe('sys/tg_test/1', 'double_scalar', 'idl5_change', 0);
      frames = await receiveWithin(sub, 100).catch(() => undefined);
    }
    expect(frames![0]!.toString()).toBe(`${channel}.heartbeat`);
    expect(decodeZmqCallInfo(frames![2]!, decodeEventByteOrder(frames![1]))).toMatchObject({ version: 1, call_is_except: false });
  }, 20_000);

  it('publishes an event with per-topic counters to live subscriptions only', async () => {
    const p = publisher();
    await p.start();
    const reply = await p.subscribe('a/b/c', 'attr', 'attr_conf', 5);
    const sub = subscriber(reply.svalue[1]!, reply.svalue[2]!);
    const config = { name: 'attr' } as never;
    // A fresh SUB socket needs a moment to be connected; keep publishing until one arrives.
    let frames: Buffer[] | undefined;
    for (let i = 0; i < 50 && !frames; i++) {
      p.publishConfig('a/b/c', { ...(config as object), name: 'attr', writable: 'READ', data_format: 'SCALAR', data_type: 3, memorized: false, mem_init: false, max_dim_x: 1, max_dim_y: 0, description: 'd', label: 'l', unit: 'u', standard_unit: '', display_unit: '', format: '%d', min_value: '', max_value: '', writable_attr_name: 'None', level: 'OPERATOR', root_attr_name: '', enum_labels: [], att_alarm: { min_alarm: '', max_alarm: '', min_warning: '', max_warning: '', delta_t: '', delta_val: '', extensions: [] }, event_prop: { ch_event: { rel_change: '', abs_change: '', extensions: [] }, per_event: { period: '1000', extensions: [] }, arch_event: { rel_change: '', abs_change: '', period: '', extensions: [] } }, extensions: [], sys_extensions: [] });
      frames = await receiveWithin(sub, 100).catch(() => undefined);
    }
    expect(frames).toBeDefined();
    const info = decodeZmqCallInfo(frames![2]!, true);
    expect(info.ctr).toBeGreaterThanOrEqual(1);
    const payload = decodeEventPayload(frames![3]!, true, 'AttributeConfig_5');
    expect(payload.value).toMatchObject({ name: 'attr', unit: 'u' });
    expect(p.publish('a/b/c', 'other', 'change', () => ({ kind: 'DevErrorList', value: [] }))).toBe(0);
  });

  it('holds an event published before the ZeroMQ subscription arrives and delivers it then (no slow-joiner loss)', async () => {
    const p = publisher();
    await p.start();
    const reply = await p.subscribe('a/b/c', 'x', 'user_event', 5);
    const payload = { kind: 'DevErrorList' as const, value: [{ reason: 'r', severity: 'ERR' as const, desc: 'first', origin: 'o' }] };
    expect(p.publish('a/b/c', 'x', 'user_event', () => payload)).toBe(1);
    // The subscriber connects only now: a plain PUB socket would have discarded the event.
    const sub = subscriber(reply.svalue[1]!, reply.svalue[2]!);
    const frames = await receiveWithin(sub, 10_000);
    expect(frames[0]!.toString('latin1')).toBe(reply.svalue[2]);
    expect(decodeZmqCallInfo(frames[2]!, true).ctr).toBe(1);
    expect(decodeEventPayload(frames[3]!, true, 'DevErrorList').value).toMatchObject([{ desc: 'first' }]);
    expect(p.dropped).toBe(0);
  });

  it('drops a subscription 600 s after its last subscribe or confirmation', async () => {
    let now = 0;
    const p = publisher({ now: () => now });
    await p.start();
    await p.subscribe('a/b/c', 'x', 'change', 5);
    now = 599_000;
    expect(p.hasSubscribers('a/b/c', 'x', 'change')).toBe(true);
    p.confirm(['a/b/c', 'x', 'idl5_change']);
    now = 1_100_000;
    expect(p.hasSubscribers('a/b/c', 'X', 'change')).toBe(true);
    now = 1_199_001;
    expect(p.hasSubscribers('a/b/c', 'x', 'change')).toBe(false);
    expect(p.subscriptions()).toEqual([]);
    expect(() => p.confirm(['a/b/c', 'x'])).toThrow(/triplets/);
  });

  it('never blocks and keeps memory bounded when a subscriber does not read', async () => {
    const p = publisher({ maxQueuedMessages: 1000 });
    await p.start();
    const reply = await p.subscribe('a/b/c', 'x', 'user_event', 5);
    subscriber(reply.svalue[1]!, reply.svalue[2]!, 10); // connected, never reads
    const payload = { kind: 'DevErrorList' as const, value: [{ reason: 'r'.repeat(1000), severity: 'ERR' as const, desc: 'd', origin: 'o' }] };
    let maxQueued = 0;
    const total = 20_000;
    for (let i = 0; i < total; i++) {
      p.publish('a/b/c', 'x', 'user_event', () => payload);
      maxQueued = Math.max(maxQueued, p.queued);
    }
    expect(maxQueued).toBeLessThanOrEqual(1000);
    // Events published before the subscriber's ZeroMQ subscription arrived are held (bounded) until it does.
    expect(p.holding).toBeLessThanOrEqual(64);
    await expect.poll(() => p.queued + p.holding, { timeout: 20_000 }).toBe(0);
    // Every event was either handed to libzmq (which drops beyond the HWM) or dropped here, none kept.
    expect(p.sent - 1 + p.dropped).toBe(total); // -1: the heartbeat sent at subscription
  }, 30_000);
});
