import type { Logger } from '@observatory/core';
import { createTelescopeSimulator, type TelescopeSimulator } from '../simulator.js';
import type { Telescope, TelescopeSimulatorOptions } from '../types.js';
import { createSimServer, type SimServer } from './sim-server.js';

export interface StartTelescopeSimServerOptions {
  telescope?: Telescope;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Serve the control endpoints; default true. */
  control?: boolean;
  readViaPubsub?: boolean;
  heartbeatMs?: number;
  /** Extra accepted `Host` names (see `SimServerOptions.allowedHosts`). */
  allowedHosts?: readonly string[];
  /** Further simulator options (subarrays, dishes, delays, skews, clock). */
  simulator?: Omit<TelescopeSimulatorOptions, 'telescope' | 'logger'>;
  logger?: Logger;
}

/** A running simulator with its HTTP server; `close()` stops both. */
export interface RunningTelescopeSim {
  url: string;
  port: number;
  simulator: TelescopeSimulator;
  server: SimServer;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Creates a simulator, serves it over HTTP+SSE and resolves once listening (the local stack uses this). */
export async function startTelescopeSimServer(options: StartTelescopeSimServerOptions = {}): Promise<RunningTelescopeSim> {
  const simulator = createTelescopeSimulator({ ...options.simulator, telescope: options.telescope ?? 'mid', logger: options.logger });
  const server = createSimServer({
    simulator,
    host: options.host,
    port: options.port,
    control: options.control,
    readViaPubsub: options.readViaPubsub,
    heartbeatMs: options.heartbeatMs,
    allowedHosts: options.allowedHosts,
    logger: options.logger,
  });
  try {
    const { url, port } = await server.listen();
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        try {
          await server.close();
        } finally {
          await simulator.close();
        }
      })();
      return closing;
    };
    return { url, port, simulator, server, close, [Symbol.asyncDispose]: close };
  } catch (err) {
    await server.close();
    await simulator.close();
    throw err;
  }
}
