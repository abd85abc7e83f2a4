import { describe, expect, test } from 'vitest';
import { checkLine, versionReply } from './check-line.js';
import type { WithEndpoint } from './endpoints.js';
import { greeted } from './greeted.js';
import type { ResolvedOptions } from './options.js';
import { RawConnection } from './raw-connection.js';
import { seededBytes } from './seeded-bytes.js';
import { BACKLOG } from './vectors.js';

/** Robustness rows D-BACKEND-ROW-58 to D-BACKEND-ROW-60: noise, many connections, a client that never reads. */
export function describeRobustness(options: ResolvedOptions, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const version = versionReply(options);
  describe('robustness', () => {
    test('D-BACKEND-ROW-58: 64 KiB of random bytes on one connection do not disturb another', async () => {
      await withEndpoint(async (host, port) => {
        await using a = await greeted(host, port, options);
        await using b = await greeted(host, port, options);
        const noise = seededBytes(65536, 58);
        // Sprinkle CRLFs so the noise is also parsed line by line.
        for (let i = 97; i < noise.length; i += 211) {
          noise[i] = 13;
          noise[i + 1] = 10;
        }
        // The server may close A (overlong line): ignore write errors there.
        await a.write(noise).catch(() => undefined);
        await b.write('?version\r\n');
        checkLine(await b.readLine(timeoutMs), version, options);
        for (let i = 0; i < 3; i++) {
          await using c = await greeted(host, port, options);
          await c.write('?version\r\n');
          checkLine(await c.readLine(timeoutMs), version, options);
        }
      });
    }, timeoutMs);

    test.skipIf(options.texts === 'code')(`D-BACKEND-ROW-59: ${options.connections} connections at once each get the greeting and a reply (ours only: ${BACKLOG})`, async () => {
      await withEndpoint(async (host, port) => {
        const conns: RawConnection[] = [];
        await using _all = { [Symbol.asyncDispose]: async () => void (await Promise.all(conns.map((c) => c.close()))) };
        const opened = await Promise.allSettled(Array.from({ length: options.connections }, () => RawConnection.open(host, port, timeoutMs)));
        for (const r of opened) if (r.status === 'fulfilled') conns.push(r.value);
        expect(conns.length).toBe(options.connections);
        const greetings = await Promise.all(conns.map((c) => c.readLine(timeoutMs)));
        for (const g of greetings) checkLine(g, version, options);
        await Promise.all(conns.map((c) => c.write('?version\r\n')));
        const replies = await Promise.all(conns.map((c) => c.readLine(timeoutMs)));
        for (const r of replies) checkLine(r, version, options);
      });
    }, Math.max(timeoutMs, 30000));

    test('D-BACKEND-ROW-60: a client that pipelines 100k requests and never reads does not block others', async () => {
      await withEndpoint(async (host, port) => {
        await using a = await greeted(host, port, options);
        await using b = await greeted(host, port, options);
        const flood = Buffer.from('?version\r\n'.repeat(100000), 'latin1');
        // Do not await: the server stops reading A once its replies back up.
        a.socket.write(flood);
        for (let i = 0; i < 5; i++) {
          await b.write('?version\r\n');
          checkLine(await b.readLine(timeoutMs), version, options);
        }
      });
    }, timeoutMs);
  });
}
