import type { Logger } from '@observatory/core';
import { createTelescopeClient, createTelescopeSimulator } from '@ska/telescope-simulator';
import type { ExecEnv } from '../env/exec-env.js';
import type { EntryPoint } from './entry-point.js';
import { simulatorEntryPoint } from './simulator-entry-point.js';
import { TangoTelescopeClient, type TangoTelescopeClientOptions } from '@ska/telescope-simulator/tango';
import { TmcEntryPoint } from './tmc-entry-point.js';

export interface HttpEntryPointOptions {
  url: string;
  readViaPubsub?: boolean;
  pollIntervalMs?: number;
  logger?: Logger;
}

/** An `EntryPoint` over a telescope-sim HTTP API (SSE subscriptions, or polling when `readViaPubsub` is false). */
export async function httpEntryPoint(options: HttpEntryPointOptions): Promise<EntryPoint> {
  const client = await createTelescopeClient({
    url: options.url,
    readViaPubsub: options.readViaPubsub ?? false,
    pollIntervalMs: options.pollIntervalMs,
    logger: options.logger,
  });
  try {
    return await simulatorEntryPoint(client, { readMode: options.readViaPubsub ? 'pubsub' : 'polling', closeAccess: true });
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** A zero-delay in-process telescope simulator of the environment's telescope type. */
export async function inProcessEntryPoint(env: Pick<ExecEnv, 'telescope'>, logger?: Logger): Promise<EntryPoint> {
  const sim = createTelescopeSimulator({ telescope: env.telescope, logger });
  return simulatorEntryPoint(sim, { closeAccess: true });
}

/**
 * An `EntryPoint` over Tango: the TMC central node and subarray nodes (the Tango-served simulator or a real
 * TMC) through `@observatory/tango`, with ZMQ events (`readViaPubsub`) or polling.
 */
export async function tangoEntryPoint(options: TangoTelescopeClientOptions): Promise<TmcEntryPoint> {
  const access = new TangoTelescopeClient(options);
  try {
    const found = await access.discover();
    const ep = new TmcEntryPoint(access, { ...found, readMode: access.readMode, close: () => access.close() });
    const n = ep.names;
    const ids = Array.from({ length: found.subarrays ?? (options.telescope === 'mid' ? 2 : 1) }, (_, i) => i + 1);
    await access.prepare([
      { device: n.centralNode, attr: 'telescopeState' },
      ...ids.flatMap((id) => [n.tmSubarray(id), n.cspSubarray(id), n.sdpSubarray(id)].map((device) => ({ device, attr: 'obsState' }))),
      ...ids.flatMap((id) => [n.cspSubarray(id), n.sdpSubarray(id)].map((device) => ({ device, attr: 'state' }))),
      // the startup/shutdown waits (WaitRules) follow the controllers, dishes or MCCS too
      ...[n.cspController, n.sdpController, ...(n.mccsController ? [n.mccsController] : []), ...n.dishes].map((device) => ({ device, attr: 'state' })),
    ]);
    return ep;
  } catch (err) {
    await access.close();
    throw err;
  }
}

/** The entry point the fixtures use by default: Tango (`tangoHost`), HTTP when `sutUrl` is set, else an in-process simulator. */
export async function defaultEntryPoint(env: ExecEnv, logger?: Logger): Promise<EntryPoint> {
  if (env.tangoHost) return tangoEntryPoint({ telescope: env.telescope, tangoHost: env.tangoHost, readViaPubsub: env.readViaPubsub, logger });
  if (env.sutUrl) return httpEntryPoint({ url: env.sutUrl, readViaPubsub: env.readViaPubsub, logger });
  return inProcessEntryPoint(env, logger);
}
