import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { GracefulShutdown } from './shutdown.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return {
    emitter,
    exits,
    proc: {
      once: (event: string, fn: () => void) => emitter.once(event, fn),
      off: (event: string, fn: () => void) => emitter.off(event, fn),
      exit: (code?: number) => void exits.push(code ?? 0),
    } as unknown as Pick<NodeJS.Process, 'once' | 'off' | 'exit'>,
  };
}

describe('GracefulShutdown', () => {
  it('closes resources in reverse order on SIGTERM and exits 0', async () => {
    const { emitter, exits, proc } = fakeProcess();
    const order: string[] = [];
    const shutdown = new GracefulShutdown({ process: proc });
    shutdown.register('first', { close: () => void order.push('first') });
    shutdown.register('second', { close: async () => void order.push('second') });
    shutdown.listen();
    emitter.emit('SIGTERM');
    expect(await shutdown.shutdown()).toBe(0);
    expect(order).toEqual(['second', 'first']);
    expect(exits).toEqual([0]);
  });

  it('still closes the rest when one close fails, and exits 1', async () => {
    const { exits, proc } = fakeProcess();
    const closed: string[] = [];
    const shutdown = new GracefulShutdown({ process: proc });
    shutdown.register('ok', { close: () => void closed.push('ok') });
    shutdown.register('bad', {
      close: () => {
        throw new Error('boom');
      },
    });
    expect(await shutdown.shutdown()).toBe(1);
    expect(closed).toEqual(['ok']);
    expect(exits).toEqual([1]);
  });

  it('forces exit 1 on a second signal while closing', async () => {
    const { emitter, exits, proc } = fakeProcess();
    let release!: () => void;
    const shutdown = new GracefulShutdown({ process: proc });
    shutdown.register('slow', { close: () => new Promise<void>((r) => (release = r)) });
    shutdown.listen();
    emitter.emit('SIGINT');
    emitter.emit('SIGINT');
    expect(exits).toEqual([1]);
    release();
    await shutdown.shutdown();
  });

  it('resolves the exit code without exiting when exit is false', async () => {
    const { exits, proc } = fakeProcess();
    const shutdown = new GracefulShutdown({ process: proc, exit: false });
    expect(await shutdown.shutdown()).toBe(0);
    expect(exits).toEqual([]);
  });
});
