import { afterEach, describe, expect, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { createClock, type RunningSimulator } from '../src/index.js';
import { thermometer } from '../examples/thermometer.js';
import { runSteps } from './helpers/vectors.js';
import { startTest } from './helpers/wire.js';

const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('README example: a one-module simulator', () => {
  it('answers commands, custom commands and streams readings', async () => {
    const sim = await startTest(thermometer, { clock: createClock({ speed: 10 }) });
    running.push(sim);
    const commands = await TcpTestClient.connect(sim.row.ports.listen!);
    clients.push(commands);
    await runSteps(commands, [
      ['', 'thermometer ready\n'],
      ['T?\n', '20.0\n'],
      ['T 21.5\n', 'ack\n'],
      ['bogus\n', null],
      ['T?\n', '21.5\n'],
      ['$system_fault:on%%%%%', 'fault on\n'],
      ['T?\n', 'nak\n'],
    ]);
    const stream = await TcpTestClient.connect(sim.row.ports.send!);
    clients.push(stream);
    expect((await stream.read(5)).toString()).toBe('21.5\n');
  });
});
