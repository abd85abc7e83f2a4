import { describe, expect, test } from 'vitest';
import { checkLine, versionReply } from './check-line.js';
import type { WithEndpoint } from './endpoints.js';
import { greeted } from './greeted.js';
import type { ResolvedOptions } from './options.js';
import type { RawConnection } from './raw-connection.js';
import { SPLIT_CRLF } from './vectors.js';

/** Framing rows: greeting, CRLF terminators, pipelining, split writes, the 16384-byte limit, half-close. */
export function describeFraming(options: ResolvedOptions, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const version = versionReply(options);
  const long = (n: number) => `?${'a'.repeat(n - 1)}`;
  const unknownReply = (name: string) => `!${name},fail,invalid command '${name}'`;

  /** Opens a greeted connection, runs `body`, and always disposes of it. */
  const session = (body: (conn: RawConnection, host: string, port: number) => Promise<void>) =>
    withEndpoint(async (host, port) => {
      await using conn = await greeted(host, port, options);
      await body(conn, host, port);
    });

  describe('framing', () => {
    test('D-BACKEND-ROW-1: the greeting is the first line of every connection', async () => {
      await session(async (conn) => {
        expect(conn.buffered.length).toBe(0);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-47: a bare LF is no terminator; the line completes at the next CRLF', async () => {
      await session(async (conn, host, port) => {
        await conn.write('?version\n');
        // Barrier: a full round trip on another connection, then no line may have arrived here.
        {
          await using other = await greeted(host, port, options);
          await other.write('?version\r\n');
          await other.readLine(timeoutMs);
        }
        expect(conn.buffered.toString('latin1')).toBe('');
        await conn.write('\r\n');
        checkLine(await conn.readLine(timeoutMs), version, options);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-48: pipelined requests in one write are answered in order', async () => {
      await session(async (conn) => {
        await conn.write('?version\r\n?bad name\r\n!x,ok\r\n?badcommand\r\n');
        checkLine(await conn.readLine(timeoutMs), version, options);
        checkLine(await conn.readLine(timeoutMs), '!undefined,invalid,syntax error: invalid syntax', options);
        checkLine(await conn.readLine(timeoutMs), unknownReply('badcommand'), options);
      });
    }, timeoutMs);

    test('100 pipelined requests get 100 replies in order', async () => {
      await session(async (conn) => {
        const names = Array.from({ length: 100 }, (_, i) => `c${i}`);
        await conn.write(names.map((n) => `?${n}\r\n`).join(''));
        for (const n of names) checkLine(await conn.readLine(timeoutMs), unknownReply(n), options);
      });
    }, timeoutMs);

    test('a request split into single-byte writes gets one reply', async () => {
      await session(async (conn) => {
        for (const byte of '?version\r\n') await conn.write(byte);
        checkLine(await conn.readLine(timeoutMs), version, options);
        await conn.write('?ver');
        await conn.write('sion\r');
        await conn.write('\n?badcommand\r\n');
        checkLine(await conn.readLine(timeoutMs), version, options);
        checkLine(await conn.readLine(timeoutMs), unknownReply('badcommand'), options);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-51: a 16384-byte line is answered', async () => {
      await session(async (conn) => {
        const line = long(16384);
        await conn.write(`${line}\r\n`);
        checkLine(await conn.readLine(timeoutMs), unknownReply(line.slice(1)), options);
      });
    }, timeoutMs);

    test.skipIf(options.texts === 'code')(`D-BACKEND-ROW-51: a 16384-byte line whose CRLF arrives split is answered (ours only: ${SPLIT_CRLF})`, async () => {
      await session(async (conn) => {
        const line = long(16384);
        await conn.write(`${line}\r`);
        await conn.write('\n');
        checkLine(await conn.readLine(timeoutMs), unknownReply(line.slice(1)), options);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-51: a 16385-byte line closes the connection without reply', async () => {
      await session(async (conn) => {
        await conn.write(`${long(16385)}\r\n`);
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-51: 16385 pending bytes without CRLF close the connection', async () => {
      await session(async (conn) => {
        await conn.write(long(16385));
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-51: earlier lines of the same write are answered, later ones discarded', async () => {
      await session(async (conn) => {
        await conn.write(`?version\r\n${long(16385)}\r\n?version\r\n`);
        checkLine(await conn.readLine(timeoutMs), version, options);
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-51: an overlong line only closes its own connection', async () => {
      await session(async (conn, host, port) => {
        await using other = await greeted(host, port, options);
        await other.write(long(20000));
        await other.waitClosed(timeoutMs);
        await conn.write('?version\r\n');
        checkLine(await conn.readLine(timeoutMs), version, options);
      });
    }, timeoutMs);

    test('D-BACKEND-ROW-57: a request followed by a half-close is answered, then the server closes', async () => {
      await session(async (conn) => {
        await conn.write('?version\r\n');
        conn.end();
        checkLine(await conn.readLine(timeoutMs), version, options);
        await conn.waitClosed(timeoutMs);
      });
    }, timeoutMs);
  });
}
