import { createTelescopeClient } from '../http/telescope-client.js';
import type { TelescopeAccess } from '../types.js';
import { startTelescopeSut, type TelescopeSut, type TelescopeSutOptions } from './sut.js';

/** The modes with a full `TelescopeAccess` (commands, reads, events and the simulator controls). */
export type TelescopeHarnessMode = 'in-process' | 'http-pubsub' | 'http-polling';

export const TELESCOPE_HARNESS_MODES: readonly TelescopeHarnessMode[] = ['in-process', 'http-pubsub', 'http-polling'];

export interface TelescopeHarnessOptions extends TelescopeSutOptions {
  /** Polling period of the HTTP client in `http-polling` mode (default 5 ms: tests want quick answers). */
  pollIntervalMs?: number;
}

/** A started simulator plus one client of it: the simulator itself in process, the HTTP client otherwise. */
export interface TelescopeHarness extends TelescopeSut {
  readonly access: TelescopeAccess;
}

/**
 * Starts a simulator for `mode` and connects to it, so one test body runs against every way of reaching it.
 * `close()` closes the client, then the simulator and its server.
 */
export async function startTelescopeHarness(mode: TelescopeHarnessMode, options: TelescopeHarnessOptions = {}): Promise<TelescopeHarness> {
  const sut = await startTelescopeSut(mode, options);
  if (mode === 'in-process') return { ...sut, access: sut.simulator };
  try {
    const client = await createTelescopeClient({ url: sut.url!, readViaPubsub: sut.readViaPubsub, pollIntervalMs: options.pollIntervalMs ?? 5, logger: options.logger });
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await client.close();
        await sut.close();
      })());
    return { ...sut, access: client, close, [Symbol.asyncDispose]: close };
  } catch (err) {
    await sut.close();
    throw err;
  }
}
