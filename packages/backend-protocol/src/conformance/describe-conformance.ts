import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseMessage } from '../grammar/parse.js';
import { DEFAULT_PROTOCOL_VERSION, type ProtocolVersion } from '../protocol-version.js';
import { toTicks } from '../time/discos-time.js';
import { RawConnection } from './raw-connection.js';
import {
  conformanceVectors,
  debugVectors,
  BACKLOG,
  expectedNameAndCode,
  runsInCodeMode,
  SPLIT_CRLF,
  statusLine,
  type CheckContext,
  type ConformanceGroup,
  type ConformanceVector,
  type Expectation,
} from './vectors.js';

/** A server started for the suite; `stop` (or `close`) shuts it down. */
export interface StartedBackend {
  host: string;
  port: number;
  stop?(): Promise<void>;
  close?(): Promise<void>;
}

/** A running backend, or a factory of fresh ones (required by the `simulator` group). */
export type ConformanceTarget = { host: string; port: number } | { start(): Promise<StartedBackend> };

export interface ConformanceOptions {
  /** The version the backend serves. Default `'1.4'`. */
  protocolVersion?: ProtocolVersion;
  /** Groups to run. Default: framing, grammar, commands, robustness, plus simulator when the target has `start`. */
  groups?: readonly ConformanceGroup[];
  /**
   * `'exact'` (default) compares whole lines; `'code'` only reply names and codes, and skips the rows where the
   * reference deliberately differs (invalid UTF-8, a split CRLF after a 16384-byte line, 1000 connections), so the
   * original Python server, or a backend that behaves like it, passes.
   */
  texts?: 'exact' | 'code';
  /** Per-test timeout, ms. Default 10000. */
  timeoutMs?: number;
  /** Multiplies the delays of timed start/stop rows (slow backends). Default 1. */
  timeScale?: number;
  /** Allowed clock difference for NOW, seconds. Default 0.5. */
  clockToleranceS?: number;
  /** Connections of row 59. Default 1000 (needs a soft fd limit above ~2100 when the server runs in-process). */
  concurrentConnections?: number;
}

const DEFAULT_GROUPS: readonly ConformanceGroup[] = ['framing', 'grammar', 'commands', 'robustness'];

interface Resolved {
  version: ProtocolVersion;
  texts: 'exact' | 'code';
  timeoutMs: number;
  timeScale: number;
  context: CheckContext;
  connections: number;
}

function checkLine(line: string, expectation: Expectation, options: Resolved): void {
  if (options.texts === 'code') {
    const want = expectedNameAndCode(expectation);
    let got: { name: string; code: string };
    try {
      const message = parseMessage(line);
      got = { name: message.name, code: message.code };
    } catch {
      got = { name: '', code: '' };
    }
    expect(got, `reply ${JSON.stringify(line)}`).toEqual(want);
    return;
  }
  if (typeof expectation === 'string') {
    expect(line).toBe(expectation);
    return;
  }
  const problem = expectation.check(line, options.context);
  expect(problem, `reply ${JSON.stringify(line)} vs ${expectation.describe}`).toBeUndefined();
}

async function greeted(host: string, port: number, options: Resolved): Promise<RawConnection> {
  const conn = await RawConnection.open(host, port, options.timeoutMs);
  const greeting = await conn.readLine(options.timeoutMs);
  checkLine(greeting, `!version,ok,${options.version}`, options);
  return conn;
}

async function runVector(vector: ConformanceVector, host: string, port: number, options: Resolved): Promise<void> {
  const conn = await greeted(host, port, options);
  try {
    for (const step of vector.steps) {
      await conn.write(step.send);
      for (const expectation of step.expect) checkLine(await conn.readLine(options.timeoutMs), expectation, options);
    }
    // Nothing unsolicited may follow: a final round trip (answered the same by every handler) proves no extra line was queued.
    await conn.write('?x,\r\n');
    checkLine(await conn.readLine(options.timeoutMs), '!undefined,invalid,syntax error: invalid syntax', options);
  } finally {
    await conn.destroy();
  }
}

function versionReply(options: Resolved): Expectation {
  return `!version,ok,${options.version}`;
}

/** Something each test can connect to: shared per group, or fresh per test. */
interface Endpoint {
  acquire(): Promise<{ host: string; port: number; release(): Promise<void> }>;
}

async function stopStarted(started: StartedBackend): Promise<void> {
  if (started.stop) await started.stop();
  else if (started.close) await started.close();
}

function sharedEndpoint(target: ConformanceTarget): Endpoint & { setup(): Promise<void>; teardown(): Promise<void> } {
  let started: StartedBackend | undefined;
  return {
    async setup() {
      if ('start' in target) started = await target.start();
    },
    async teardown() {
      if (started) await stopStarted(started);
      started = undefined;
    },
    async acquire() {
      const address = 'start' in target ? started : target;
      if (!address) throw new Error('conformance target was not started');
      return { host: address.host, port: address.port, release: async () => {} };
    },
  };
}

function freshEndpoint(target: { start(): Promise<StartedBackend> }): Endpoint {
  return {
    async acquire() {
      const started = await target.start();
      return { host: started.host, port: started.port, release: () => stopStarted(started) };
    },
  };
}

/**
 * Registers vitest suites that check a DISCOS backend server against the spec's conformance table,
 * byte for byte through real TCP. `target` is a running server (`{ host, port }`, any language) or a
 * `start()` factory returning a fresh one (like the reference's setUp/tearDown).
 */
export function describeBackendConformance(title: string, target: ConformanceTarget, options: ConformanceOptions = {}): void {
  const resolved: Resolved = {
    version: options.protocolVersion ?? DEFAULT_PROTOCOL_VERSION,
    texts: options.texts ?? 'exact',
    timeoutMs: options.timeoutMs ?? 10000,
    timeScale: options.timeScale ?? 1,
    context: { clockToleranceS: options.clockToleranceS ?? 0.5 },
    connections: options.concurrentConnections ?? 1000,
  };
  const canStart = 'start' in target;
  const groups = new Set(options.groups ?? (canStart ? [...DEFAULT_GROUPS, 'simulator'] : DEFAULT_GROUPS));
  if (groups.has('simulator') && !canStart) {
    throw new Error("the 'simulator' group needs a target with start() (a fresh backend per test)");
  }
  const vectors = [...conformanceVectors(resolved.version), ...debugVectors()].filter((v) => groups.has(v.group));
  const { timeoutMs } = resolved;

  describe(`${title} (DISCOS backend protocol ${resolved.version} conformance)`, () => {
    const shared = sharedEndpoint(target);
    beforeAll(() => shared.setup(), timeoutMs);
    afterAll(() => shared.teardown(), timeoutMs);

    const endpointFor = (group: ConformanceGroup): Endpoint => (group === 'simulator' && canStart ? freshEndpoint(target) : shared);

    const withEndpoint = async (group: ConformanceGroup, body: (host: string, port: number) => Promise<void>) => {
      const lease = await endpointFor(group).acquire();
      try {
        await body(lease.host, lease.port);
      } finally {
        await lease.release();
      }
    };

    for (const group of ['grammar', 'commands', 'simulator', 'debug-ok', 'debug-fail'] as const) {
      const rows = vectors.filter((v) => v.group === group);
      if (rows.length === 0) continue;
      describe(group, () => {
        const run = rows.filter((v) => resolved.texts !== 'code' || runsInCodeMode(v));
        const skipped = rows.filter((v) => !run.includes(v));
        if (run.length > 0) {
          test.each(run.map((v) => [`row ${v.row}: ${v.title}`, v] as const))('%s', async (_name, vector) => {
            await withEndpoint(group, (host, port) => runVector(vector, host, port, resolved));
          }, timeoutMs);
        }
        // Listed as skipped, so a reference-compatible run shows what it left out.
        for (const v of skipped) test.skip(`row ${v.row}: ${v.title} (ours only: ${v.oursOnly})`, () => {});
      });
    }

    if (groups.has('simulator')) describeTimedRows(resolved, (body) => withEndpoint('simulator', body));
    if (groups.has('simulator')) describeSharedState(resolved, (body) => withEndpoint('simulator', body));
    if (groups.has('framing')) describeFraming(resolved, (body) => withEndpoint('framing', body));
    if (groups.has('robustness')) describeRobustness(resolved, (body) => withEndpoint('robustness', body));
  });
}

type WithEndpoint = (body: (host: string, port: number) => Promise<void>) => Promise<void>;

/** Polls `?status` on `conn` until its acquiring flag is `flag` or the deadline passes. */
async function waitForAcquiring(conn: RawConnection, flag: 0 | 1, options: Resolved, deadlineMs: number): Promise<void> {
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

function describeTimedRows(options: Resolved, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const delayS = 0.25 * options.timeScale;
  describe('simulator: timed start/stop', () => {
    test('row 23: ?start,T(+d) starts acquiring at T', async () => {
      await withEndpoint(async (host, port) => {
        const conn = await greeted(host, port, options);
        try {
          await conn.write(`?start,${toTicks(Date.now() / 1000 + delayS)}\r\n`);
          checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
          await conn.write('?status\r\n');
          checkLine(await conn.readLine(timeoutMs), statusLine(0), options);
          await waitForAcquiring(conn, 1, options, delayS * 1000 + 3000);
        } finally {
          await conn.destroy();
        }
      });
    }, timeoutMs);

    test('row 24: ?stop,T(+d) stops acquiring at T', async () => {
      await withEndpoint(async (host, port) => {
        const conn = await greeted(host, port, options);
        try {
          await conn.write('?start\r\n');
          checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
          await conn.write(`?stop,${toTicks(Date.now() / 1000 + delayS)}\r\n`);
          checkLine(await conn.readLine(timeoutMs), '!stop,ok', options);
          await conn.write('?status\r\n');
          checkLine(await conn.readLine(timeoutMs), statusLine(1), options);
          await waitForAcquiring(conn, 0, options, delayS * 1000 + 3000);
        } finally {
          await conn.destroy();
        }
      });
    }, timeoutMs);

    test('row 24b: a timed start then a later timed stop both take effect', async () => {
      await withEndpoint(async (host, port) => {
        const conn = await greeted(host, port, options);
        try {
          const now = Date.now() / 1000;
          await conn.write(`?start,${toTicks(now + delayS)}\r\n?stop,${toTicks(now + 60)}\r\n`);
          checkLine(await conn.readLine(timeoutMs), '!start,ok', options);
          checkLine(await conn.readLine(timeoutMs), '!stop,ok', options);
          await waitForAcquiring(conn, 1, options, delayS * 1000 + 3000);
        } finally {
          await conn.destroy();
        }
      });
    }, timeoutMs);
  });
}

function describeSharedState(options: Resolved, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  test('row 52: state is shared by all connections and survives disconnects', async () => {
    await withEndpoint(async (host, port) => {
      const a = await greeted(host, port, options);
      const b = await greeted(host, port, options);
      try {
        await a.write('?set-configuration,shared\r\n');
        checkLine(await a.readLine(timeoutMs), '!set-configuration,ok', options);
        await b.write('?get-configuration\r\n');
        checkLine(await b.readLine(timeoutMs), '!get-configuration,ok,shared', options);
        await b.write('?start\r\n');
        checkLine(await b.readLine(timeoutMs), '!start,ok', options);
        await b.destroy();
        const c = await greeted(host, port, options);
        try {
          await c.write('?status\r\n');
          checkLine(await c.readLine(timeoutMs), statusLine(1), options);
        } finally {
          await c.destroy();
        }
      } finally {
        await a.destroy();
        await b.destroy();
      }
    });
  }, timeoutMs);
}

function describeFraming(options: Resolved, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const version = versionReply(options);
  const long = (n: number) => `?${'a'.repeat(n - 1)}`;
  const unknownReply = (name: string) => `!${name},fail,invalid command '${name}'`;

  /** Opens a greeted connection, runs `body`, and always destroys it. */
  const session = (body: (conn: RawConnection, host: string, port: number) => Promise<void>) =>
    withEndpoint(async (host, port) => {
      const conn = await greeted(host, port, options);
      try {
        await body(conn, host, port);
      } finally {
        await conn.destroy();
      }
    });

  describe('framing', () => {
    test('row 1: the greeting is the first line of every connection', async () => {
      await session(async (conn) => {
        expect(conn.buffered.length).toBe(0);
      });
    }, timeoutMs);

    test('row 47: a bare LF is no terminator; the line completes at the next CRLF', async () => {
      await session(async (conn, host, port) => {
        await conn.write('?version\n');
        // Barrier: a full round trip on another connection, then no line may have arrived here.
        const other = await greeted(host, port, options);
        await other.write('?version\r\n');
        await other.readLine(timeoutMs);
        await other.destroy();
        expect(conn.buffered.toString('latin1')).toBe('');
        await conn.write('\r\n');
        checkLine(await conn.readLine(timeoutMs), version, options);
      });
    }, timeoutMs);

    test('row 48: pipelined requests in one write are answered in order', async () => {
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

    test('row 51: a 16384-byte line is answered', async () => {
      await session(async (conn) => {
        const line = long(16384);
        await conn.write(`${line}\r\n`);
        checkLine(await conn.readLine(timeoutMs), unknownReply(line.slice(1)), options);
      });
    }, timeoutMs);

    test.skipIf(options.texts === 'code')(`row 51: a 16384-byte line whose CRLF arrives split is answered (ours only: ${SPLIT_CRLF})`, async () => {
      await session(async (conn) => {
        const line = long(16384);
        await conn.write(`${line}\r`);
        await conn.write('\n');
        checkLine(await conn.readLine(timeoutMs), unknownReply(line.slice(1)), options);
      });
    }, timeoutMs);

    test('row 51: a 16385-byte line closes the connection without reply', async () => {
      await session(async (conn) => {
        await conn.write(`${long(16385)}\r\n`);
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('row 51: 16385 pending bytes without CRLF close the connection', async () => {
      await session(async (conn) => {
        await conn.write(long(16385));
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('row 51: earlier lines of the same write are answered, later ones discarded', async () => {
      await session(async (conn) => {
        await conn.write(`?version\r\n${long(16385)}\r\n?version\r\n`);
        checkLine(await conn.readLine(timeoutMs), version, options);
        await conn.waitClosed(timeoutMs);
        expect(conn.buffered.toString('latin1')).toBe('');
      });
    }, timeoutMs);

    test('row 51: an overlong line only closes its own connection', async () => {
      await session(async (conn, host, port) => {
        const other = await greeted(host, port, options);
        try {
          await other.write(long(20000));
          await other.waitClosed(timeoutMs);
          await conn.write('?version\r\n');
          checkLine(await conn.readLine(timeoutMs), version, options);
        } finally {
          await other.destroy();
        }
      });
    }, timeoutMs);

    test('row 57: a request followed by a half-close is answered, then the server closes', async () => {
      await withEndpoint(async (host, port) => {
        const conn = await greeted(host, port, options);
        try {
          await conn.write('?version\r\n');
          conn.end();
          checkLine(await conn.readLine(timeoutMs), version, options);
          await conn.waitClosed(timeoutMs);
        } finally {
          await conn.destroy();
        }
      });
    }, timeoutMs);
  });
}

/** Deterministic pseudo-random bytes (mulberry32). */
function seededBytes(length: number, seed: number): Buffer {
  let state = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

function describeRobustness(options: Resolved, withEndpoint: WithEndpoint): void {
  const { timeoutMs } = options;
  const version = versionReply(options);
  describe('robustness', () => {
    test('row 58: 64 KiB of random bytes on one connection do not disturb another', async () => {
      await withEndpoint(async (host, port) => {
        const a = await greeted(host, port, options);
        const b = await greeted(host, port, options);
        try {
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
            const c = await greeted(host, port, options);
            await c.write('?version\r\n');
            checkLine(await c.readLine(timeoutMs), version, options);
            await c.destroy();
          }
        } finally {
          await a.destroy();
          await b.destroy();
        }
      });
    }, timeoutMs);

    test.skipIf(options.texts === 'code')(`row 59: ${options.connections} connections at once each get the greeting and a reply (ours only: ${BACKLOG})`, async () => {
      await withEndpoint(async (host, port) => {
        const conns: RawConnection[] = [];
        try {
          const opened = await Promise.allSettled(Array.from({ length: options.connections }, () => RawConnection.open(host, port, timeoutMs)));
          for (const r of opened) if (r.status === 'fulfilled') conns.push(r.value);
          expect(conns.length).toBe(options.connections);
          const greetings = await Promise.all(conns.map((c) => c.readLine(timeoutMs)));
          for (const g of greetings) checkLine(g, version, options);
          await Promise.all(conns.map((c) => c.write('?version\r\n')));
          const replies = await Promise.all(conns.map((c) => c.readLine(timeoutMs)));
          for (const r of replies) checkLine(r, version, options);
        } finally {
          await Promise.all(conns.map((c) => c.destroy()));
        }
      });
    }, Math.max(timeoutMs, 30000));

    test('row 60: a client that pipelines 100k requests and never reads does not block others', async () => {
      await withEndpoint(async (host, port) => {
        const a = await greeted(host, port, options);
        const b = await greeted(host, port, options);
        try {
          const flood = Buffer.from('?version\r\n'.repeat(100000), 'latin1');
          // Do not await: the server stops reading A once its replies back up.
          a.socket.write(flood);
          for (let i = 0; i < 5; i++) {
            await b.write('?version\r\n');
            checkLine(await b.readLine(timeoutMs), version, options);
          }
        } finally {
          await a.destroy();
          await b.destroy();
        }
      });
    }, timeoutMs);
  });
}
