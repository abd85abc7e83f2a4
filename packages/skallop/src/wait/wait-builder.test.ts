import { ManualClock } from '@ska/telescope-simulator';
import { describe, expect, it } from 'vitest';
import { ExecSettings } from '../env/exec-settings.js';
import { EarlyStopError, WaitTimeoutError } from '../errors.js';
import type { AttrEvent } from '../sut/attr-event.js';
import { waitBuilder } from './wait-builder.js';

/** A minimal event source: attributes whose changes the test pushes; the first event is the current value. */
class FakeSource {
  private seq = 0;
  readonly values = new Map<string, unknown>();
  readonly listeners = new Map<string, Set<(e: AttrEvent) => void>>();

  constructor(readonly clock: ManualClock) {}

  set(device: string, attr: string, value: unknown, time = this.clock.now()): void {
    const key = `${device}|${attr}`;
    this.values.set(key, value);
    const e: AttrEvent = { device, attr, value, time, seq: ++this.seq };
    for (const l of this.listeners.get(key) ?? []) l(e);
  }

  async subscribe(device: string, attr: string, cb: (e: AttrEvent) => void): Promise<() => void> {
    const key = `${device}|${attr}`;
    const set = this.listeners.get(key) ?? new Set();
    this.listeners.set(key, set);
    set.add(cb);
    cb({ device, attr, value: this.values.get(key), time: this.clock.now(), seq: this.seq, initial: true });
    return () => set.delete(cb);
  }

  get listenerCount(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const clock = new ManualClock();
  const src = new FakeSource(clock);
  src.set('a/b/1', 'obsState', 'EMPTY');
  src.set('a/b/2', 'obsState', 'EMPTY');
  return { clock, src };
}

describe('waitBuilder', () => {
  it('ignores the current value by default and waits for a new matching event', async () => {
    const { clock, src } = setup();
    src.set('a/b/1', 'obsState', 'IDLE');
    const w = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('IDLE');
    const done = w.around(() => src.set('a/b/1', 'obsState', 'RESOURCING'), { timeoutMs: 100 });
    await flush();
    src.set('a/b/1', 'obsState', 'IDLE');
    const result = await done;
    expect(result.events.map((e) => [e.value, [...e.flags].join('')])).toEqual([
      ['IDLE', 'i'],
      ['RESOURCING', ''],
      ['IDLE', '!'],
    ]);
    expect(src.listenerCount).toBe(0);
  });

  it('counts the current value with ignoreFirst: false, and accepts any of several values', async () => {
    const { clock, src } = setup();
    const result = await waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe(['IDLE', 'EMPTY'], { ignoreFirst: false }).wait({ timeoutMs: 50 });
    expect(result.events).toHaveLength(1);
  });

  it('matches numeric enum values against names', async () => {
    const { clock, src } = setup();
    const done = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('READY').around(() => src.set('a/b/1', 'obsState', 4), { timeoutMs: 50 });
    await expect(done).resolves.toBeDefined();
  });

  it('supports toChange, toChangeInOrder and until', async () => {
    const { clock, src } = setup();
    const w = waitBuilder(src, { clock })
      .on('a/b/1').attr('obsState').toChangeInOrder(['RESOURCING', 'IDLE'])
      .on('a/b/2').attr('obsState').toChange()
      .on('a/b/2').attr('obsState').until((e) => e.value === 'IDLE', 'IDLE seen');
    const done = w.around(() => {
      for (const v of ['RESOURCING', 'FOO', 'IDLE']) src.set('a/b/1', 'obsState', v);
      src.set('a/b/2', 'obsState', 'IDLE');
    }, { timeoutMs: 50 });
    await expect(done).resolves.toBeDefined();
  });

  it('ends when a master condition is met, whatever the others show', async () => {
    const { clock, src } = setup();
    const w = waitBuilder(src, { clock })
      .on('a/b/1').attr('obsState').toBe('ABORTED', { master: true })
      .on('a/b/2').attr('obsState').toBe('NEVER');
    await expect(w.around(() => src.set('a/b/1', 'obsState', 'ABORTED'), { timeoutMs: 50 })).resolves.toBeDefined();
  });

  it('stops early on failIf with the event that caused it', async () => {
    const { clock, src } = setup();
    const w = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('IDLE').on('a/b/1').attr('obsState').failIf('FAULT');
    const err = await w.around(() => src.set('a/b/1', 'obsState', 'FAULT'), { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EarlyStopError);
    expect((err as EarlyStopError).event.value).toBe('FAULT');
    expect(src.listenerCount).toBe(0);
  });

  it('fails at the total deadline even though a device keeps changing every 10 ms', async () => {
    const { clock, src } = setup();
    let n = 0;
    const tick = (): void => {
      src.set('a/b/1', 'obsState', n++ % 2 ? 'IDLE' : 'READY');
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    const start = clock.now();
    let settled: unknown;
    const done = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('SCANNING').around(() => undefined, { timeoutMs: 200 });
    done.then(() => (settled = 'resolved'), (e: unknown) => (settled = e));
    for (let i = 0; i < 100 && settled === undefined; i++) {
      await flush();
      clock.advance(10);
      await flush();
    }
    expect(settled).toBeInstanceOf(WaitTimeoutError);
    expect(clock.now() - start).toBe(200);
    expect((settled as WaitTimeoutError).events.length).toBeGreaterThanOrEqual(19);
    expect(src.listenerCount).toBe(0);
  });

  it('names the unmet conditions and prints one time-sorted row per event on timeout', async () => {
    const { clock, src } = setup();
    const w = waitBuilder(src, { clock })
      .on('a/b/1').attr('obsState').toBe('IDLE')
      .on('a/b/2').attr('obsState').toBe('IDLE')
      .on('a/b/2').attr('state').observe();
    const done = w.around(() => {
      src.set('a/b/2', 'obsState', 'IDLE', clock.now() + 7);
      src.set('a/b/1', 'obsState', 'RESOURCING', clock.now() + 3); // arrives later, happened earlier
    }, { timeoutMs: 100 });
    const caught = done.catch((e: unknown) => e);
    await flush();
    clock.advance(100);
    const err = (await caught) as WaitTimeoutError;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.code).toBe('SKALLOP_WAIT_TIMEOUT');
    expect(err.unmet).toEqual([{ condition: 'a/b/1 obsState to be IDLE', lastValue: 'RESOURCING' }]);
    const lines = err.message.split('\n');
    expect(lines[1]).toMatch(/a\/b\/1 obsState to be IDLE \(last value: RESOURCING\)/);
    const table = lines.slice(lines.findIndex((l) => l.startsWith('time (UTC)')));
    expect(table[0]).toMatch(/^time \(UTC\)\s+\+ms\s+device\s+attr\s+value\s+flag$/);
    const rows = table.slice(1);
    expect(rows).toHaveLength(err.events.length);
    expect(rows.map((r) => r.split(/\s+/).slice(2, 5).join(' '))).toEqual([
      'a/b/1 obsState EMPTY',
      'a/b/2 obsState EMPTY',
      'a/b/2 state -',
      'a/b/1 obsState RESOURCING',
      'a/b/2 obsState IDLE',
    ]);
    expect(rows[0]).toMatch(/\bi$/);
    expect(rows[4]).toMatch(/!$/);
  });

  it('keeps the last 200 rows and says how many were omitted', async () => {
    const { clock, src } = setup();
    const done = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('NEVER').around(() => {
      for (let i = 0; i < 250; i++) src.set('a/b/1', 'obsState', `S${i}`);
    }, { timeoutMs: 10 });
    const caught = done.catch((e: unknown) => e);
    await flush();
    clock.advance(10);
    const err = (await caught) as WaitTimeoutError;
    expect(err.message).toContain('(51 earlier event(s) omitted)');
    expect(err.message).toContain('S249');
    expect(err.message).not.toMatch(/\bS48\b/);
  });

  it('with attrSynching, re-reads a matched attribute and keeps waiting when the reading disagrees', async () => {
    const { clock, src } = setup();
    let reads = 0;
    const source = Object.assign(src, {
      read: async (device: string, attr: string) => {
        reads++;
        // the first confirmation sees a stale value; the second one the real one
        return { value: reads === 1 ? 'RESOURCING' : src.values.get(`${device}|${attr}`), seq: 0, time: clock.now() };
      },
    });
    const settings = new ExecSettings({ attrSynching: true, timeoutMs: 100 });
    const done = waitBuilder(source, { clock, settings }).on('a/b/1').attr('obsState').toBe('IDLE').around(() => src.set('a/b/1', 'obsState', 'IDLE'));
    let settled = false;
    void done.then(() => (settled = true));
    await flush();
    expect(reads).toBe(1);
    expect(settled).toBe(false);
    src.set('a/b/1', 'obsState', 'IDLE');
    await done;
    expect(reads).toBe(2);
  });

  it('supports subscribe, act, then wait', async () => {
    const { clock, src } = setup();
    const pending = await waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('IDLE').subscribe();
    src.set('a/b/1', 'obsState', 'IDLE');
    const result = await pending.wait({ timeoutMs: 10 });
    expect(result.table()).toContain('IDLE');
    expect(src.listenerCount).toBe(0);
  });
});

describe('a reused builder', () => {
  it('starts each wait with its conditions unmet', async () => {
    const { clock, src } = setup();
    const w = waitBuilder(src, { clock }).on('a/b/1').attr('obsState').toBe('IDLE');
    await w.around(() => src.set('a/b/1', 'obsState', 'IDLE'), { timeoutMs: 10 });
    const second = w.around(() => undefined, { timeoutMs: 10 }).catch((e: unknown) => e);
    await flush();
    clock.advance(10);
    expect(await second).toBeInstanceOf(WaitTimeoutError);
  });
});
