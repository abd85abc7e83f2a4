import { test } from 'vitest';
import { checkLine } from './check-line.js';
import type { WithEndpoint } from './endpoints.js';
import { greeted } from './greeted.js';
import type { ResolvedOptions } from './options.js';
import { statusLine } from './vectors.js';

/** Simulator row D-BACKEND-ROW-52: one backend state behind every connection. */
export function describeSharedState(options: ResolvedOptions, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  test('D-BACKEND-ROW-52: state is shared by all connections and survives disconnects', async () => {
    await withEndpoint(async (host, port) => {
      await using a = await greeted(host, port, options);
      await using b = await greeted(host, port, options);
      await a.write('?set-configuration,shared\r\n');
      checkLine(await a.readLine(timeoutMs), '!set-configuration,ok', options);
      await b.write('?get-configuration\r\n');
      checkLine(await b.readLine(timeoutMs), '!get-configuration,ok,shared', options);
      await b.write('?start\r\n');
      checkLine(await b.readLine(timeoutMs), '!start,ok', options);
      await b.close();
      await using c = await greeted(host, port, options);
      await c.write('?status\r\n');
      checkLine(await c.readLine(timeoutMs), statusLine(1), options);
    });
  }, timeoutMs);
}
