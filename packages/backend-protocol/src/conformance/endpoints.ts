import type { ConformanceTarget, StartedBackend } from './options.js';

/** A host and port leased to one test; disposing it releases the backend (stops it when it was fresh). */
export interface Lease extends AsyncDisposable {
  host: string;
  port: number;
}

/** Something each test can connect to: shared per group, or fresh per test. */
export interface Endpoint {
  acquire(): Promise<Lease>;
}

/** Runs `body` against a leased endpoint; the lease is released afterwards, even on failure. */
export type WithEndpoint = (body: (host: string, port: number) => Promise<void>) => Promise<void>;

async function stopStarted(started: StartedBackend): Promise<void> {
  if (started.stop) await started.stop();
  else if (started.close) await started.close();
}

/** One backend for a whole suite: the running target, or one started in `setup` and stopped in `teardown`. */
export function sharedEndpoint(target: ConformanceTarget): Endpoint & { setup(): Promise<void>; teardown(): Promise<void> } {
  let started: StartedBackend | undefined;
  return {
    async setup() {
      if ('start' in target) started = await target.start();
    },
    async teardown() {
      if (started) await stopStarted(started);
      started = undefined;
    },
    async acquire() {
      const address = 'start' in target ? started : target;
      if (!address) throw new Error('conformance target was not started');
      return { host: address.host, port: address.port, [Symbol.asyncDispose]: async () => {} };
    },
  };
}

/** A fresh backend per lease (the reference's setUp/tearDown). */
export function freshEndpoint(target: { start(): Promise<StartedBackend> }): Endpoint {
  return {
    async acquire() {
      const started = await target.start();
      return { host: started.host, port: started.port, [Symbol.asyncDispose]: () => stopStarted(started) };
    },
  };
}

export function withEndpointOf(endpoint: Endpoint): WithEndpoint {
  return async (body) => {
    await using lease = await endpoint.acquire();
    await body(lease.host, lease.port);
  };
}
