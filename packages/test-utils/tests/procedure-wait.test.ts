import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WaitTimeoutError, waitForProcedureState, waitForState } from '../src/index.js';

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

/** A fake OET endpoint whose procedure 7 walks through `states`, one per request; other ids are 404. */
async function oet(states: string[]): Promise<string> {
  let i = 0;
  server = createServer((req, res) => {
    if (req.url !== '/api/v1/procedures/7') {
      res.writeHead(404).end();
      return;
    }
    const state = states[Math.min(i++, states.length - 1)];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 7, state }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
}

describe('procedure-state waits', () => {
  test('waitForProcedureState polls GET /procedures/{id} until one of the states', async () => {
    const url = await oet(['CREATING', 'IDLE', 'READY', 'RUNNING']);
    const summary = await waitForProcedureState(url, 7, ['READY', 'FAILED'], { intervalMs: 1 });
    expect(summary).toEqual({ id: 7, state: 'READY' });
  });

  test('the timeout names the procedure, the wanted states and the last state seen', async () => {
    const url = await oet(['RUNNING']);
    const err = await waitForProcedureState(`${url}/`, 7, ['COMPLETE'], { timeoutMs: 100, intervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toMatch(/procedure 7 to reach COMPLETE.*last state RUNNING/s);
  });

  test('a missing procedure counts as not yet', async () => {
    const url = await oet(['READY']);
    await expect(waitForProcedureState(url, 8, ['READY'], { timeoutMs: 100 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  test('waitForState reads through any reader (e.g. a CLI)', async () => {
    const seen = ['IDLE', 'READY'];
    expect(await waitForState(async () => ({ state: seen.shift() ?? 'READY' }), ['READY'], { intervalMs: 1 })).toEqual({ state: 'READY' });
  });
});
