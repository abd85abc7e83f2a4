import { describe, expect, test } from 'vitest';
import { RawConnection } from '../src/conformance/index.js';
import { parseMessage } from '../src/index.js';
import { startServer } from './start-server.js';

/** Seeded PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = ['?status', '?version', '?set-section,1,*,*,*,*,*,*', '?set-integration,10', '?start,0', '?set-configuration,x', '!status,ok', '?cal-on,5'];

/** Random bytes with CRLFs, NULs, high bytes and ?/! prefixes sprinkled in. */
function randomChunk(rand: () => number, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    const r = rand();
    out[i] = r < 0.01 ? 13 : r < 0.02 ? 10 : r < 0.03 ? 63 : r < 0.04 ? 33 : r < 0.05 ? 0 : Math.floor(rand() * 256);
    if (r < 0.01 && i + 1 < size) out[++i] = 10;
  }
  return out;
}

/** Valid requests with random byte flips, insertions and deletions. */
function mutatedChunk(rand: () => number, size: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  while (total < size) {
    const bytes = [...Buffer.from(`${VALID[Math.floor(rand() * VALID.length)]}\r\n`, 'latin1')];
    const mutations = Math.floor(rand() * 3);
    for (let m = 0; m < mutations; m++) {
      const at = Math.floor(rand() * bytes.length);
      const kind = rand();
      if (kind < 0.4) bytes[at] = Math.floor(rand() * 256);
      else if (kind < 0.7) bytes.splice(at, 0, Math.floor(rand() * 256));
      else bytes.splice(at, 1);
    }
    const b = Buffer.from(bytes);
    parts.push(b);
    total += b.length;
  }
  return Buffer.concat(parts);
}

const SENTINEL = "!fuzz-end,fail,invalid command 'fuzz-end'";

/** Throws bytes at the server on one connection, reconnecting when the server closes it; checks every reply line. */
async function fuzzer(host: string, port: number, chunks: Buffer[]): Promise<{ lines: number; reconnects: number }> {
  let lines = 0;
  let reconnects = 0;
  let sawSentinel = false;
  const bad: string[] = [];
  const open = async () => {
    const conn = await RawConnection.open(host, port);
    conn.socket.on('data', () => {
      // Every complete line the server sent must be a well-formed reply.
      for (;;) {
        const at = conn.buffered.indexOf('\r\n');
        if (at < 0) return;
        const line = conn.buffered.toString('latin1', 0, at);
        try {
          if (parseMessage(line).type !== 'reply') bad.push(line);
        } catch {
          bad.push(line);
        }
        if (line === SENTINEL) sawSentinel = true;
        lines++;
        void conn.readLine(0);
      }
    });
    return conn;
  };
  let conn = await open();
  for (const chunk of chunks) {
    if (conn.closed) {
      await conn.destroy();
      conn = await open();
      reconnects++;
    }
    await conn.write(chunk).catch(() => undefined);
  }
  // Wait until the server has worked through everything: it answers the sentinel or closes.
  await conn.write('\r\n?fuzz-end\r\n').catch(() => undefined);
  const deadline = Date.now() + 10000;
  while (!sawSentinel && !conn.closed && Date.now() < deadline) {
    await new Promise((resolve) => conn.socket.once('data', resolve).once('close', resolve));
  }
  expect(sawSentinel || conn.closed).toBe(true);
  expect(bad).toEqual([]);
  await conn.destroy();
  return { lines, reconnects };
}

describe('fuzz', () => {
  test('>= 1 MiB of random and mutated bytes never crash the server nor stop it serving others', async () => {
    const started = await startServer('simulator');
    const { host, port } = started;
    try {
      const rssBefore = process.memoryUsage().rss;
      const rand = prng(20250101);
      const chunkSize = 16 * 1024;
      const plan = (kind: 'random' | 'mutated', n: number) =>
        Array.from({ length: n }, () => (kind === 'random' ? randomChunk(rand, chunkSize) : mutatedChunk(rand, chunkSize)));
      const streams = [plan('random', 20), plan('mutated', 20), plan('random', 12), plan('mutated', 12)];
      const total = streams.flat().reduce((n, c) => n + c.length, 0);
      expect(total).toBeGreaterThanOrEqual(1_000_000);

      const wellBehaved = await RawConnection.open(host, port);
      expect(await wellBehaved.readLine()).toBe('!version,ok,1.4');
      let stop = false;
      const prober = (async () => {
        let answered = 0;
        while (!stop) {
          await wellBehaved.write('?version\r\n');
          expect(await wellBehaved.readLine()).toBe('!version,ok,1.4');
          answered++;
        }
        return answered;
      })();
      const results = await Promise.all(streams.map((chunks) => fuzzer(host, port, chunks)));
      stop = true;
      const answered = await prober;
      expect(answered).toBeGreaterThan(0);
      expect(results.reduce((n, r) => n + r.lines, 0)).toBeGreaterThan(1000);

      // The server still answers a fresh client, and memory did not run away.
      const fresh = await RawConnection.open(host, port);
      expect(await fresh.readLine()).toBe('!version,ok,1.4');
      await fresh.write('?get-tp0\r\n');
      expect(await fresh.readLine()).toBe('!get-tp0,ok,0,0');
      await fresh.destroy();
      await wellBehaved.destroy();
      const growthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
      expect(growthMb).toBeLessThan(256);
    } finally {
      await started.stop();
    }
  }, 30000);
});
