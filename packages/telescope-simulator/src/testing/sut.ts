import { ManualClock, type Logger } from '@observatory/core';
import { DatabaseServer } from '@observatory/tango';
import { startTelescopeSimServer } from '../http/start-server.js';
import { createTelescopeSimulator, type TelescopeSimulator } from '../simulator.js';
import { serveTelescopeOnTango } from '../tango/telescope-tango-server.js';
import type { Telescope, TelescopeSimulatorOptions } from '../types.js';

/** How a test reaches the simulated telescope: in process, over HTTP (SSE events or polling), or over Tango (ZMQ events or polling). */
export type TelescopeSutMode = 'in-process' | 'http-pubsub' | 'http-polling' | 'tango-events' | 'tango-polling';

/** Every mode, in the order above. */
export const TELESCOPE_SUT_MODES: readonly TelescopeSutMode[] = ['in-process', 'http-pubsub', 'http-polling', 'tango-events', 'tango-polling'];

/** The modes that need nothing but Node (no ZMQ sockets or Tango database). */
export const NODE_SUT_MODES: readonly TelescopeSutMode[] = ['in-process', 'http-pubsub', 'http-polling'];

export interface TelescopeSutOptions {
  /** Simulator options (telescope, subarrays, delays, clock...); a `ManualClock` makes `settle()` advance it. */
  simulator?: TelescopeSimulatorOptions;
  logger?: Logger;
}

/**
 * A simulated telescope started for one mode: the simulator itself (fault injection, command log) and where a
 * client reaches it (`url` for the HTTP modes, `tangoHost` for the Tango modes). `close()` stops everything it started.
 */
export interface TelescopeSut {
  readonly mode: TelescopeSutMode;
  readonly name: string;
  readonly telescope: Telescope;
  readonly simulator: TelescopeSimulator;
  /** Whether clients should follow attributes by events (true) or polling (false) in this mode. */
  readonly readViaPubsub: boolean;
  /** Base URL of the HTTP+SSE API (HTTP modes). */
  readonly url?: string;
  /** `host:port` of the Tango database the devices are registered in (Tango modes). */
  readonly tangoHost?: string;
  /** Lets zero-delay transitions run: advances a `ManualClock` by 0, else does nothing. */
  settle(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the simulator and serves it the way `mode` says, on free ports of 127.0.0.1. */
export async function startTelescopeSut(mode: TelescopeSutMode, options: TelescopeSutOptions = {}): Promise<TelescopeSut> {
  const simOptions = { ...options.simulator, logger: options.simulator?.logger ?? options.logger };
  const clock = simOptions.clock;
  const settle = clock instanceof ManualClock ? () => void clock.advance(0) : () => undefined;
  const readViaPubsub = mode === 'in-process' || mode === 'http-pubsub' || mode === 'tango-events';
  const sut = (simulator: TelescopeSimulator, where: { url?: string; tangoHost?: string }, stop: () => Promise<void>): TelescopeSut => {
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= stop());
    return { mode, name: `${mode} ${simulator.telescope}`, telescope: simulator.telescope, simulator, readViaPubsub, ...where, settle, close, [Symbol.asyncDispose]: close };
  };

  if (mode === 'in-process') {
    const simulator = createTelescopeSimulator(simOptions);
    return sut(simulator, {}, () => simulator.close());
  }
  if (mode === 'http-pubsub' || mode === 'http-polling') {
    const { telescope, logger, ...rest } = simOptions;
    const running = await startTelescopeSimServer({ telescope, port: 0, simulator: rest, readViaPubsub, logger });
    return sut(running.simulator, { url: running.url }, () => running.close());
  }
  // A real Tango system: the embedded database and the simulator served as Tango devices registered in it.
  const db = new DatabaseServer({ port: 0 });
  await db.start();
  const simulator = createTelescopeSimulator(simOptions);
  try {
    const tango = await serveTelescopeOnTango({ simulator, tangoHost: db.tangoHost, logger: simOptions.logger });
    return sut(simulator, { tangoHost: db.tangoHost }, async () => {
      await tango.close();
      await simulator.close();
      await db.close();
    });
  } catch (err) {
    await simulator.close();
    await db.close();
    throw err;
  }
}
