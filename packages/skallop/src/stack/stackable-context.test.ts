import { describe, expect, it } from 'vitest';
import { ContextProtocolError, StackClosedError } from '../errors.js';
import { StackableContext } from './stackable-context.js';
import { TeardownStack } from './teardown-stack.js';

const testInfo = { reason: 'test', testFailed: false } as const;

function recorder() {
  const events: string[] = [];
  const cm = (name: string) =>
    (async function* () {
      events.push(`setup ${name}`);
      yield name.toLowerCase();
      events.push(`teardown ${name}`);
    })();
  return { events, cm };
}

describe('StackableContext', () => {
  it('runs each setup at once, resolves to its value, and unwinds C, B, A', async () => {
    const { events, cm } = recorder();
    const session = new TeardownStack('session');
    const test = new TeardownStack('test');
    const ctx = new StackableContext(session, test);
    expect(await ctx.pushContextOntoTest(cm('A'))).toBe('a');
    expect(events).toEqual(['setup A']);
    expect(await ctx.pushContextOntoTest(cm('B'))).toBe('b');
    expect(await ctx.pushContextOntoTest(cm('C'))).toBe('c');
    await test.unwind(testInfo);
    expect(events).toEqual(['setup A', 'setup B', 'setup C', 'teardown C', 'teardown B', 'teardown A']);
  });

  it('registers nothing for a failed setup; earlier pushes still unwind and the error reaches the caller', async () => {
    const { events, cm } = recorder();
    const test = new TeardownStack('test');
    const ctx = new StackableContext(new TeardownStack('session'), test);
    await ctx.pushContextOntoTest(cm('A'));
    const failing = (async function* () {
      events.push('setup B');
      throw new Error('B cannot set up');
      yield 'never';
    })();
    await expect(ctx.pushContextOntoTest(failing)).rejects.toThrow('B cannot set up');
    expect(test.size).toBe(1);
    await test.unwind(testInfo);
    expect(events).toEqual(['setup A', 'setup B', 'teardown A']);
  });

  it('accepts enter/exit objects', async () => {
    const test = new TeardownStack();
    const ctx = new StackableContext(new TeardownStack(), test);
    const seen: unknown[] = [];
    const value = await ctx.pushContextOntoTest({ enter: () => 42, exit: (info) => seen.push(info) });
    expect(value).toBe(42);
    await test.unwind({ reason: 'test', testFailed: true });
    expect(seen).toEqual([{ reason: 'test', testFailed: true }]);
  });

  it('sends test pushes to the session stack when it has no test stack, and setTestStack swaps it', async () => {
    const { events, cm } = recorder();
    const session = new TeardownStack('session');
    const ctx = new StackableContext(session);
    await ctx.pushContextOntoTest(cm('S'));
    expect(session.size).toBe(1);
    const test = new TeardownStack('test');
    ctx.setTestStack(test);
    await ctx.pushContextOntoTest(cm('T'));
    expect(test.size).toBe(1);
    await test.unwind(testInfo);
    await session.unwind({ reason: 'session', testFailed: false });
    expect(events.slice(2)).toEqual(['teardown T', 'teardown S']);
  });

  it('unwinds the whole test stack before the session stack', async () => {
    const { events, cm } = recorder();
    const session = new TeardownStack('session');
    const test = new TeardownStack('test');
    const ctx = new StackableContext(session, test);
    await ctx.pushContextOntoSession(cm('Session'));
    await ctx.pushContextOntoTest(cm('Test1'));
    await ctx.pushContextOntoTest(cm('Test2'));
    await test.unwind(testInfo);
    await session.unwind({ reason: 'session', testFailed: false });
    expect(events.filter((e) => e.startsWith('teardown'))).toEqual(['teardown Test2', 'teardown Test1', 'teardown Session']);
  });

  it('throws StackClosedError for a push after the unwind, without running the setup', async () => {
    const { events, cm } = recorder();
    const test = new TeardownStack();
    const ctx = new StackableContext(new TeardownStack(), test);
    await test.unwind(testInfo);
    await expect(ctx.pushContextOntoTest(cm('late'))).rejects.toBeInstanceOf(StackClosedError);
    expect(events).toEqual([]);
  });

  it('reports a generator that yields twice', async () => {
    const test = new TeardownStack();
    const ctx = new StackableContext(new TeardownStack(), test);
    await ctx.pushContextOntoTest(
      (async function* () {
        yield 1;
        yield 2;
      })(),
    );
    const err = await test.unwind(testInfo).catch((e: AggregateError) => e.errors[0] as unknown);
    expect(err).toBeInstanceOf(ContextProtocolError);
  });
});
