import { describe, expect, test } from 'vitest';
import { HandlerError } from '../errors.js';
import { reply, request } from '../grammar/message.js';
import type { Backend } from './backend.js';
import { BackendProtocolHandler } from './protocol-handler.js';
import { SimulatorBackend } from './simulator-backend.js';

/** A backend recording its calls; every method answers what `answer` says. */
function recordingBackend(answer: (method: string) => unknown = () => undefined) {
  const calls: Array<[string, unknown[]]> = [];
  const backend = new Proxy(
    {},
    {
      get: (_t, method: string) =>
        method === 'then' || method === 'dispose'
          ? undefined
          : (...args: unknown[]) => {
              calls.push([method, args]);
              return answer(method);
            },
    },
  ) as Backend;
  return { backend, calls };
}

describe('BackendProtocolHandler', () => {
  test('converts arguments with Python rules and passes * through', () => {
    const { backend, calls } = recordingBackend();
    const handler = new BackendProtocolHandler(backend);
    void handler.handle(request('set-section', ['1', ' 2.5', '*', '3', 'CP', 'inf', '99999999999999999999', 'extra']));
    void handler.handle(request('start', ['17952386539487090']));
    void handler.handle(request('start'));
    void handler.handle(request('cal-on'));
    void handler.handle(request('set-integration', ['1_0', 'x']));
    expect(calls).toEqual([
      ['setSection', [1, 2.5, '*', 3, 'CP', Infinity, 99999999999999999999n]],
      ['start', [{ ticks: 17952386539487090n, unixSeconds: 1795238653.948709 }]],
      ['start', []],
      ['calOn', [0]],
      ['setIntegration', [10]],
    ]);
  });

  test('formats backend results as reply arguments', () => {
    const { backend } = recordingBackend(() => ['a', 10, 0.5, 5e-5, 2n ** 70n]);
    const handler = new BackendProtocolHandler(backend);
    expect(handler.handle(request('status'))).toEqual(reply('status', 'ok', ['a', '10', '0.5', '5e-05', '1180591620717411303424']));
  });

  test('an empty result is a bare ok', () => {
    const { backend } = recordingBackend(() => []);
    expect(new BackendProtocolHandler(backend).handle(request('time'))).toEqual(reply('time', 'ok'));
  });

  test('a non-array result is an unexpected error (generic fail), not a HandlerError', () => {
    const { backend } = recordingBackend(() => 'abc');
    const handler = new BackendProtocolHandler(backend);
    expect(() => handler.handle(request('status'))).toThrow(Error);
    let caught: unknown;
    try {
      void handler.handle(request('status'));
    } catch (err) {
      caught = err;
    }
    expect(caught).not.toBeInstanceOf(HandlerError);
  });

  test('async backends resolve to the same reply', async () => {
    const { backend } = recordingBackend(async () => ['x']);
    const answer = new BackendProtocolHandler(backend).handle(request('get-configuration'));
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toEqual(reply('get-configuration', 'ok', ['x']));
  });

  test('the version option changes ?version, the command set and strictness', () => {
    const sim = new SimulatorBackend();
    const v12 = new BackendProtocolHandler(sim, { protocolVersion: '1.2' });
    expect(v12.handle(request('version', ['x']))).toEqual(reply('version', 'ok', ['1.2']));
    expect(() => v12.handle(request('set-enable', ['0', '1']))).toThrow("invalid command 'set-enable'");
    expect(v12.commandNames).toHaveLength(15);
    expect(new BackendProtocolHandler(sim, { protocolVersion: '1.3' }).commandNames).toHaveLength(16);
    expect(new BackendProtocolHandler(sim).commandNames).toHaveLength(19);
    expect(() => new BackendProtocolHandler(sim, { protocolVersion: '1.5' as never })).toThrow('unsupported protocol version');
  });

  test('stop() disposes the backend', () => {
    const timers: unknown[] = [];
    const clock = { now: () => 0, setTimeout: () => timers.push('t'), clearTimeout: () => void timers.pop() };
    const sim = new SimulatorBackend({ clock });
    sim.start({ ticks: 1000n, unixSeconds: 100 });
    expect(timers).toHaveLength(1);
    void new BackendProtocolHandler(sim).stop();
    expect(timers).toHaveLength(0);
  });
});
