import type { Logger } from '@observatory/core';
import { createTelescopeClient, createTelescopeSimulator } from '@ska/telescope-simulator';
import type { ExecEnv } from '../env/exec-env.js';
import type { EntryPoint } from './entry-point.js';
import { simulatorEntryPoint } from './simulator-entry-point.js';
import { tangoEntryPoint } from './tango-entry-point.js';

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

/** The entry point the fixtures use by default: Tango (`tangoHost`), HTTP when `sutUrl` is set, else an in-process simulator. */
export async function defaultEntryPoint(env: ExecEnv, logger?: Logger): Promise<EntryPoint> {
  if (env.tangoHost) return tangoEntryPoint({ telescope: env.telescope, tangoHost: env.tangoHost, readViaPubsub: env.readViaPubsub, logger });
  if (env.sutUrl) return httpEntryPoint({ url: env.sutUrl, readViaPubsub: env.readViaPubsub, logger });
  return inProcessEntryPoint(env, logger);
}
