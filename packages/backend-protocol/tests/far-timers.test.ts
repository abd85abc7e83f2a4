import { afterEach, describe, expect, test, vi } from 'vitest';
import { RawConnection } from '../src/conformance/index.js';
import { BackendProtocolHandler, SimulatorBackend, createBackendServer } from '../src/index.js';

const DAY_MS = 86_400_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function serveSimulator() {
  const server = createBackendServer({ handler: new BackendProtocolHandler(new SimulatorBackend()), port: 0, closeGraceMs: 200 });
  const { host, port } = await server.listen();
  cleanups.push(() => server.close());
  const conn = await RawConnection.open(host, port);
  cleanups.push(() => conn.destroy());
  expect(await conn.readLine()).toBe('!version,ok,1.4');
  return conn;
}

async function ask(conn: RawConnection, line: string): Promise<string> {
  await conn.write(`${line}\r\n`);
  return conn.readLine();
}

/** The acquiring flag of `?status`. */
async function acquiring(conn: RawConnection): Promise<string> {
  return (await ask(conn, '?status')).split(',').at(-1)!;
}

/** A timestamp `days` ahead of the server's clock, in 100-ns ticks. */
async function ticksAhead(conn: RawConnection, days: number): Promise<bigint> {
  const now = Number((await ask(conn, '?time')).split(',')[2]);
  return BigInt(Math.round(now * 1000)) * 10_000n + BigInt(days * DAY_MS) * 10_000n;
}

// The simulator's default clock over real TCP; vitest's fake setTimeout clamps delays over 2^31-1 ms to 1 ms as
// Node does, so a timer armed with a plain setTimeout fires at the first advance.
describe('timed start/stop beyond 2^31-1 ms', () => {
  test('?start,T thirty days ahead waits thirty days', async () => {
    const conn = await serveSimulator();
    const at = await ticksAhead(conn, 30);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(await ask(conn, `?start,${at}`)).toBe('!start,ok');
    vi.advanceTimersByTime(2);
    expect(await acquiring(conn)).toBe('0');
    vi.advanceTimersByTime(29 * DAY_MS);
    expect(await acquiring(conn)).toBe('0');
    vi.advanceTimersByTime(DAY_MS);
    expect(await acquiring(conn)).toBe('1');
  });

  test('?stop,T forty days ahead waits forty days', async () => {
    const conn = await serveSimulator();
    const at = await ticksAhead(conn, 40);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(await ask(conn, '?start')).toBe('!start,ok');
    expect(await ask(conn, `?stop,${at}`)).toBe('!stop,ok');
    vi.advanceTimersByTime(2);
    expect(await acquiring(conn)).toBe('1');
    vi.advanceTimersByTime(39 * DAY_MS);
    expect(await acquiring(conn)).toBe('1');
    vi.advanceTimersByTime(DAY_MS);
    expect(await acquiring(conn)).toBe('0');
  });
});
