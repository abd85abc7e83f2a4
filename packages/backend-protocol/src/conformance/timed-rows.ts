import { describe, test } from 'vitest';
import { toTicks } from '../time/discos-time.js';
import { checkLine } from './check-line.js';
import type { WithEndpoint } from './endpoints.js';
import { greeted } from './greeted.js';
import type { ResolvedOptions } from './options.js';
import type { RawConnection } from './raw-connection.js';
import { statusLine } from './vectors.js';

/** Polls `?status` on `conn` until its acquiring flag is `flag` or the deadline passes. */
async function waitForAcquiring(conn: RawConnection, flag: 0 | 1, options: ResolvedOptions, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < deadline) {
    await conn.write('?status\r\n');
    last = await conn.readLine(options.timeoutMs);
    if (statusLine(flag).check(last, options.context) === undefined) return;
    // Yield to the event loop between polls without a fixed sleep.
    await new Promise((resolve) => setImmediate(resolve));
  }
  checkLine(last, statusLine(flag), options);
}

/** Simulator rows D-BACKEND-ROW-23, D-BACKEND-ROW-24 and 24b: `?start`/`?stop` with a time take effect at that time. */
export function describeTimedRows(options: ResolvedOptions, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const delayS = 0.25 * options.timeScale;
  describe('simulator: timed start/stop', () => {
    test('D-BACKEND-ROW-23: ?start,T(+d) starts acquiring at T', async () => {
      await withEndpoint(async (host, port) => {
        await using conn = await greeted(host, port, options);
        await conn.write(`?start,${toTicks(Date.now() / 1000 + delayS)}\r\n`);
        checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
        await conn.write('?status\r\n');
        checkLine(await conn.readLine(timeoutMs), statusLine(0), options);
        await waitForAcquiring(conn, 1, options, delayS * 1000 + 3000);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-24: ?stop,T(+d) stops acquiring at T', async () => {
      await withEndpoint(async (host, port) => {
        await using conn = await greeted(host, port, options);
        await conn.write('?start\r\n');
        checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
        await conn.write(`?stop,${toTicks(Date.now() / 1000 + delayS)}\r\n`);
        checkLine(await conn.readLine(timeoutMs), '!stop,ok', options);
        await conn.write('?status\r\n');
        checkLine(await conn.readLine(timeoutMs), statusLine(1), options);
        await waitForAcquiring(conn, 0, options, delayS * 1000 + 3000);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-24b: a timed start then a later timed stop both take effect', async () => {
      await withEndpoint(async (host, port) => {
        await using conn = await greeted(host, port, options);
        const now = Date.now() / 1000;
        await conn.write(`?start,${toTicks(now + delayS)}\r\n?stop,${toTicks(now + 60)}\r\n`);
        checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
        checkLine(await conn.readLine(timeoutMs), '!stop,ok', options);
        await waitForAcquiring(conn, 1, options, delayS * 1000 + 3000);
      });
    }, timeoutMs);
  });
}
