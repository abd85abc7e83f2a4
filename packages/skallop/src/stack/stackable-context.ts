import { StackClosedError } from '../errors.js';
import type { ContextManager } from './context-manager.js';
import { enterContext } from './context-manager.js';
import type { Handle, TeardownStack, Undo } from './teardown-stack.js';

/**
 * Holds a session stack and (optionally) a test stack. Pushing a context manager runs its setup at once and
 * registers its teardown only when the setup succeeded.
 */
export class StackableContext {
  constructor(
    readonly sessionStack: TeardownStack,
    private testStackRef?: TeardownStack,
  ) {}

  /** The stack test-scoped teardowns go to: the test stack, or the session stack when there is none. */
  get testStack(): TeardownStack {
    return this.testStackRef ?? this.sessionStack;
  }

  setTestStack(stack: TeardownStack | undefined): void {
    this.testStackRef = stack;
  }

  async pushContextOntoTest<T>(cm: ContextManager<T>, label = 'test context'): Promise<T> {
    return this.push(this.testStack, cm, label);
  }

  async pushContextOntoSession<T>(cm: ContextManager<T>, label = 'session context'): Promise<T> {
    return this.push(this.sessionStack, cm, label);
  }

  /** Registers a bare teardown on the test stack. */
  deferOnTest(undo: Undo, label: string): Handle {
    return this.testStack.defer(undo, label);
  }

  /** Registers a bare teardown on the session stack. */
  deferOnSession(undo: Undo, label: string): Handle {
    return this.sessionStack.defer(undo, label);
  }

  private async push<T>(stack: TeardownStack, cm: ContextManager<T>, label: string): Promise<T> {
    if (stack.closed) throw new StackClosedError(label); // before the setup, so nothing runs unregistered
    const { value, exit } = await enterContext(cm);
    stack.defer(exit, label);
    return value;
  }
}
