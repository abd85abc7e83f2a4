import { TcpTestClient, UdpTestClient } from '@observatory/test-utils';
import { startSimulator, type SimulatorModule, type StartSimulatorOptions, type RunningSimulator } from '../../src/index.js';

/** Sends `silent` (expected to get no reply) and then `probe`; returns the first reply, which must be the probe's. */
export async function udpSilentThen(port: number, silent: string, probe: string): Promise<string[]> {
  await using client = await UdpTestClient.open();
  client.send(silent, port);
  // Datagrams on loopback keep order: the probe's reply cannot overtake one for `silent`.
  client.send(probe, port);
  return [await client.receiveText()];
}

/** Starts a module on ephemeral ports. */
export function startTest(module: SimulatorModule, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(module, { ephemeralPorts: true, ...options });
}

/**
 * The simulators and clients one test file starts, so that `afterEach(() => scope.closeAll())` ends them all
 * (clients first, then simulators).
 */
export class SimulatorScope {
  private readonly running: RunningSimulator[] = [];
  private readonly clients: TcpTestClient[] = [];

  /** Starts a module on ephemeral ports. */
  async start(module: SimulatorModule): Promise<RunningSimulator> {
    const sim = await startTest(module);
    this.running.push(sim);
    return sim;
  }

  /** A client on `port`. */
  async client(port: number): Promise<TcpTestClient> {
    const client = await TcpTestClient.connect(port);
    this.clients.push(client);
    return client;
  }

  /** Starts `module` and connects to the listening port of its `row`. */
  async connectTo(module: SimulatorModule, row = 0): Promise<TcpTestClient> {
    const sim = await this.start(module);
    return this.client(sim.rows[row]!.ports.listen!);
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.close()));
    await Promise.all(this.running.splice(0).map((s) => s.close()));
  }
}
