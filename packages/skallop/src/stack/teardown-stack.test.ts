import { describe, expect, it } from 'vitest';
import { StackClosedError, TeardownError } from '../errors.js';
import { TeardownStack } from './teardown-stack.js';

const info = { reason: 'test', testFailed: false } as const;

describe('TeardownStack', () => {
  it('unwinds first in, last out', async () => {
    const stack = new TeardownStack();
    const order: string[] = [];
    for (const name of ['A', 'B', 'C']) stack.defer(() => void order.push(name), name);
    await stack.unwind(info);
    expect(order).toEqual(['C', 'B', 'A']);
  });

  it('runs every teardown when some throw and aggregates the failures in execution order', async () => {
    const stack = new TeardownStack();
    const ran: number[] = [];
    stack.defer(() => void ran.push(1), 'one');
    stack.defer(() => {
      ran.push(2);
      throw new Error('two failed');
    }, 'two');
    stack.defer(() => void ran.push(3), 'three');
    stack.defer(async () => {
      ran.push(4);
      throw new Error('four failed');
    }, 'four');
    const err = await stack.unwind(info).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ran).toEqual([4, 3, 2, 1]);
    expect(err).toBeInstanceOf(TeardownError);
    expect(err).toBeInstanceOf(AggregateError);
    const te = err as TeardownError;
    expect(te.code).toBe('SKALLOP_TEARDOWN_FAILED');
    expect(te.errors.map((e: Error) => e.message)).toEqual(['four failed', 'two failed']);
    expect(te.labels).toEqual(['four', 'two']);
  });

  it('passes the exit info to each teardown', async () => {
    const stack = new TeardownStack();
    let seen: unknown;
    stack.defer((i) => (seen = i), 'x');
    await stack.unwind({ reason: 'session', testFailed: true });
    expect(seen).toEqual({ reason: 'session', testFailed: true });
  });

  it('cancels and replaces pending teardowns, reporting whether they were pending', async () => {
    const stack = new TeardownStack();
    const order: string[] = [];
    const a = stack.defer(() => void order.push('a'), 'a');
    const b = stack.defer(() => void order.push('b'), 'b');
    expect(stack.cancel(a)).toBe(true);
    expect(stack.cancel(a)).toBe(false);
    expect(stack.replace(b, () => void order.push('b2'))).toBe(true);
    expect(stack.replace(a, () => void order.push('never'))).toBe(false);
    await stack.unwind(info);
    expect(order).toEqual(['b2']);
  });

  it('makes a second unwind a no-op and a later push a StackClosedError', async () => {
    const stack = new TeardownStack();
    let runs = 0;
    stack.defer(() => void runs++, 'once');
    await stack.unwind(info);
    await stack.unwind(info);
    expect(runs).toBe(1);
    expect(() => stack.defer(() => undefined, 'late')).toThrow(StackClosedError);
  });
});
