import { afterEach, describe, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { calmux, ifDistributor, type RunningSimulator, type SimulatorModule } from '../src/index.js';
import { runSteps, type Step } from './helpers/vectors.js';
import { startTest } from './helpers/wire.js';

const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sequence(module: SimulatorModule, steps: readonly Step[], row = 0): Promise<void> {
  const sim = await startTest(module);
  running.push(sim);
  const client = await TcpTestClient.connect(sim.rows[row]!.ports.listen!);
  clients.push(client);
  await runSteps(client, steps);
}

// Headed parsers accept a message by its first byte, but the device looks the whole first word up: a longer word
// is no command. `null` = nothing is sent (the next step's exact read proves it).
describe('headed parsers look the whole command word up', () => {
  it.each<[string, Step[]]>([
    ['I1 0 is not F', [['I1 0\n', null], ['?\n', '16 0 0\n']]],
    ['?? is silent, not nak', [['??\n', null], ['?\n', '16 0 0\n']]],
    ['F10 and C1 are silent', [['F10\n', null], ['C1\n', null], ['?x\r', null], ['I 3 1\n', 'ack\n'], ['?\n', '3 1 0\n']]],
    ['a long word is looked up before its arguments', [['II x y\n', null], ['F 10\n', '0 0 0']]],
  ])('calmux: %s', async (_name, steps) => {
    await sequence(calmux, steps);
  });

  it.each<[string, Step[]]>([
    ['?1 0 is an unknown command', [['?1 0\n', 'nak\n'], ['? 0\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n']]],
    ['BB 1 3 is an unknown command', [['BB 1 3\n', 'nak\n']]],
  ])('IFD: %s', async (_name, steps) => {
    await sequence(ifDistributor, steps);
  });
});
