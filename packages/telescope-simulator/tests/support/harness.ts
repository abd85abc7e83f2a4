import { vi } from 'vitest';
import { ManualClock } from '@observatory/core';
import { createTelescopeSimulator, type TelescopeSimulator } from '../../src/simulator.js';
import { startTelescopeSimServer, type RunningTelescopeSim } from '../../src/http/start-server.js';
import { createTelescopeClient } from '../../src/http/telescope-client.js';
import type { AttrEvent, Telescope, TelescopeAccess } from '../../src/types.js';

/** One way of reaching a simulator: in process on a ManualClock, or over HTTP on the real clock. */
export interface Harness {
  name: string;
  access: TelescopeAccess;
  /** Lets zero-delay transitions run (advances a ManualClock by 0; a no-op over HTTP). */
  settle(): void;
  close(): Promise<void>;
}

export function inProcessHarness(telescope: Telescope): Harness & { sim: TelescopeSimulator; clock: ManualClock } {
  const clock = new ManualClock();
  const sim = createTelescopeSimulator({ telescope, clock });
  return { name: `in-process ${telescope}`, access: sim, sim, clock, settle: () => clock.advance(0), close: () => sim.close() };
}

export async function httpHarness(telescope: Telescope, readViaPubsub: boolean): Promise<Harness & { running: RunningTelescopeSim }> {
  const running = await startTelescopeSimServer({ telescope, port: 0 });
  try {
    const client = await createTelescopeClient({ url: running.url, readViaPubsub, pollIntervalMs: 5 });
    return {
      name: `http ${telescope} ${readViaPubsub ? 'pubsub' : 'polling'}`,
      access: client,
      running,
      settle: () => undefined,
      close: async () => {
        await client.close();
        await running.close();
      },
    };
  } catch (err) {
    await running.close();
    throw err;
  }
}

/** Records an attribute's events; `until(v)` waits (with a deadline) for a value after the initial one. */
export async function record(h: Harness, device: string, attr: string) {
  const events: AttrEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = await h.access.subscribe(device, attr, (e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  const values = () => events.filter((e) => !e.initial).map((e) => e.value);
  return {
    events,
    values,
    unsubscribe,
    /** Resolves when `pred` holds over the recorded changes; rejects after `ms` with what was seen. */
    waitFor(pred: (values: unknown[]) => boolean, ms = 2000): Promise<void> {
      h.settle();
      if (pred(values())) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out on ${device} ${attr}; saw ${JSON.stringify(events.map((e) => e.value))}`));
        }, ms);
        function check() {
          if (!pred(values())) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
    },
  };
}

/** Reads until `pred` holds (settling the clock in between), with a deadline. */
export function waitUntil(h: Harness, read: () => Promise<unknown>, pred: (v: unknown) => boolean, ms = 2000): Promise<unknown> {
  return vi.waitFor(
    async () => {
      h.settle();
      const v = await read();
      if (!pred(v)) throw new Error(`condition not met; last value ${JSON.stringify(v)}`);
      return v;
    },
    { timeout: ms, interval: 2 },
  );
}
