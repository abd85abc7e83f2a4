import type { RunningTelescopeSim, TelescopeSimulator, TelescopeSimulatorOptions } from '@ska/telescope-simulator';
import { createTelescopeSimulator, startTelescopeSimServer } from '@ska/telescope-simulator';
import { DatabaseServer } from '@observatory/tango';
import { serveTelescopeOnTango } from '@ska/telescope-simulator/tango';
import { test as vitestTest } from 'vitest';
import type { EntryPoint, SkallopOptions } from '../../src/index.js';
import { httpEntryPoint, simulatorEntryPoint, tangoEntryPoint, withSkallop } from '../../src/index.js';

export type SutMode = 'in-process' | 'http-pubsub' | 'http-polling' | 'tango-events' | 'tango-polling';

/** Options for fast tests: short deadlines so a broken recovery fails quickly. */
export const fastOptions: SkallopOptions = { timeoutMs: 3000 };

export const SUT_MODES: SutMode[] = ['in-process', 'http-pubsub', 'http-polling'];

/**
 * A skallop `test` whose worker entry point is a fresh simulator (in process, or served over HTTP on port 0),
 * plus access to that simulator for fault injection and the command log.
 */
export function skallopHarness(mode: SutMode, simOptions: TelescopeSimulatorOptions = {}, skallopOptions: SkallopOptions = fastOptions) {
  let sim: TelescopeSimulator | undefined;
  let running: RunningTelescopeSim | undefined;
  const createEntryPoint = async (): Promise<EntryPoint> => {
    if (mode === 'in-process') {
      sim = createTelescopeSimulator(simOptions);
      return simulatorEntryPoint(sim, { closeAccess: true });
    }
    if (mode === 'tango-events' || mode === 'tango-polling') {
      // A real Tango system: the embedded database, the simulator served as Tango devices, skallop over Tango.
      const db = new DatabaseServer({ port: 0 });
      await db.start();
      const simulator = createTelescopeSimulator(simOptions);
      sim = simulator;
      const tango = await serveTelescopeOnTango({ simulator, tangoHost: db.tangoHost });
      const ep = await tangoEntryPoint({ telescope: simulator.telescope, tangoHost: db.tangoHost, readViaPubsub: mode === 'tango-events', pollIntervalMs: 10 });
      const closeEntryPoint = ep.close.bind(ep);
      return Object.assign(ep, {
        forceReset: (id: number) => simulator.forceReset(id),
        close: async () => {
          await closeEntryPoint();
          await tango.close();
          await simulator.close();
          await db.close();
        },
      });
    }
    const { telescope, ...rest } = simOptions;
    running = await startTelescopeSimServer({ telescope, port: 0, simulator: rest, readViaPubsub: mode === 'http-pubsub' });
    const ep = await httpEntryPoint({ url: running.url, readViaPubsub: mode === 'http-pubsub', pollIntervalMs: 5 });
    sim = running.simulator;
    const server = running;
    const closeEntryPoint = ep.close?.bind(ep);
    return Object.assign(ep, {
      close: async () => {
        await closeEntryPoint?.();
        await server.close();
      },
    });
  };
  const test = withSkallop(vitestTest, { createEntryPoint, skallopOptions });
  return {
    test,
    /** The simulator behind the worker's entry point (after the first fixture used it). */
    sim: (): TelescopeSimulator => {
      if (!sim) throw new Error('the simulator has not been created yet');
      return sim;
    },
  };
}

