import { afterEach, describe, expect, it, vi } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { backend, createClock, type RunningSimulator } from '../src/index.js';
import { startTest } from './helpers/wire.js';

const DAY_MS = 86_400_000;
const GREETING = '!version,ok,1.2\r\n';
const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function ask(client: TcpTestClient, line: string): Promise<string> {
  client.send(`${line}\r\n`);
  return (await client.readUntil('\r\n')).trimEnd();
}

const acquiring = async (client: TcpTestClient) => (await ask(client, '?status')).split(',').at(-1);

// The real-time clock over real TCP; vitest's fake setTimeout clamps delays beyond 2^31-1 ms to 1 ms as Node does,
// so a device timer armed with a plain setTimeout fires at the first advance.
describe('backend: timed start/stop beyond 2^31-1 ms', () => {
  it.each([0, 1])('row %i: ?start,T thirty days ahead waits thirty days, ?stop,T forty days ahead forty', async (row) => {
    const sim = await startTest(backend, { clock: createClock() });
    running.push(sim);
    const client = await TcpTestClient.connect(sim.rows[row]!.ports.listen!);
    clients.push(client);
    expect((await client.read(GREETING.length)).toString('latin1')).toBe(GREETING);
    // The device clock reads real time; only its timers are fake, so every deadline counts from this instant.
    const now = Number((await ask(client, '?time')).split(',')[2]);
    const ticks = (days: number) => BigInt(Math.round(now * 1000 + days * DAY_MS)) * 10_000n;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    if (row === 1) {
      expect(await ask(client, '?setup')).toBe('!setup,ok');
      vi.advanceTimersByTime(60_001); // mistral: setup takes 60 s
    }
    expect(await ask(client, `?start,${ticks(30)}`)).toBe('!start,ok');
    vi.advanceTimersByTime(2);
    expect(await acquiring(client)).toBe('0');
    vi.advanceTimersByTime(30 * DAY_MS);
    expect(await acquiring(client)).toBe('1');
    expect(await ask(client, `?stop,${ticks(40)}`)).toBe('!stop,ok');
    vi.advanceTimersByTime(2);
    expect(await acquiring(client)).toBe('1');
    vi.advanceTimersByTime(40 * DAY_MS);
    expect(await acquiring(client)).toBe('0');
  });
});
