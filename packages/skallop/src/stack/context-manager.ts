import { ContextProtocolError } from '../errors.js';
import type { ExitInfo } from './teardown-stack.js';

/** An object with a setup (`enter`) and a teardown (`exit`). */
export interface EnterExit<T> {
  enter(): T | Promise<T>;
  exit(info: ExitInfo): unknown;
}

/**
 * A context manager: an `EnterExit` object, or an async generator whose code before the first `yield` is the
 * setup (the yielded value is the context's value) and whose code after it is the teardown.
 */
export type ContextManager<T> = EnterExit<T> | AsyncGenerator<T, unknown, ExitInfo | undefined>;

function isGenerator<T>(cm: ContextManager<T>): cm is AsyncGenerator<T, unknown, ExitInfo | undefined> {
  return typeof (cm as AsyncGenerator<T>).next === 'function' && typeof (cm as AsyncGenerator<T>)[Symbol.asyncIterator] === 'function';
}

/** Runs the setup of `cm` and returns its value plus the teardown to register. */
export async function enterContext<T>(cm: ContextManager<T>): Promise<{ value: T; exit: (info: ExitInfo) => Promise<void> }> {
  if (!isGenerator(cm)) {
    const value = await cm.enter();
    return { value, exit: async (info) => void (await cm.exit(info)) };
  }
  const first = await cm.next(undefined);
  if (first.done) throw new ContextProtocolError('the context generator returned without yielding: it has no setup value');
  return {
    value: first.value,
    exit: async (info) => {
      const second = await cm.next(info);
      if (!second.done) {
        await cm.return(undefined);
        throw new ContextProtocolError('the context generator yielded more than once');
      }
    },
  };
}
