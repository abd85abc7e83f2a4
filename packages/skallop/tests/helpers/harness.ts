import type { TelescopeSimulator, TelescopeSimulatorOptions } from '@ska/telescope-simulator';
import { startTelescopeSut, type TelescopeSut, type TelescopeSutMode } from '@ska/telescope-simulator/testing';
import { test as vitestTest } from 'vitest';
import type { EntryPoint, SkallopOptions } from '../../src/index.js';
import { httpEntryPoint, simulatorEntryPoint, tangoEntryPoint, withSkallop } from '../../src/index.js';

/** The simulator's harness modes (in process, HTTP pubsub/polling, Tango events/polling). */
export type SutMode = TelescopeSutMode;

/** Options for fast tests: short deadlines so a broken recovery fails quickly. */
export const fastOptions: SkallopOptions = { timeoutMs: 3000 };

/** skallop's own entry point for each way `@ska/telescope-simulator/testing` serves the simulator. */
async function entryPointFor(sut: TelescopeSut): Promise<EntryPoint> {
  if (sut.mode === 'in-process') return simulatorEntryPoint(sut.simulator, { closeAccess: true });
  const ep = sut.tangoHost
    ? Object.assign(await tangoEntryPoint({ telescope: sut.telescope, tangoHost: sut.tangoHost, readViaPubsub: sut.readViaPubsub, pollIntervalMs: 10 }), {
        forceReset: (id: number) => sut.simulator.forceReset(id),
      })
    : await httpEntryPoint({ url: sut.url!, readViaPubsub: sut.readViaPubsub, pollIntervalMs: 5 });
  const closeEntryPoint = ep.close?.bind(ep);
  return Object.assign(ep, {
    close: async () => {
      await closeEntryPoint?.();
      await sut.close();
    },
  });
}

/**
 * A skallop `test` whose worker entry point is a fresh simulator (started by the simulator's testing harness on
 * free ports), plus access to that simulator for fault injection and the command log.
 */
export function skallopHarness(mode: SutMode, simOptions: TelescopeSimulatorOptions = {}, skallopOptions: SkallopOptions = fastOptions) {
  let sim: TelescopeSimulator | undefined;
  const createEntryPoint = async (): Promise<EntryPoint> => {
    const sut = await startTelescopeSut(mode, { simulator: simOptions });
    sim = sut.simulator;
    try {
      return await entryPointFor(sut);
    } catch (err) {
      await sut.close();
      throw err;
    }
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
