import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@observatory/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, create, startTestServer, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const SCRIPTS: Record<string, string> = {
  'big-event.js': `
export function main(_i, ctx) {
  let error = null;
  try { ctx.publish('user.big', { blob: 'x'.repeat(2 * 1024 * 1024) }); } catch (err) { error = err.name + ': ' + err.message; }
  ctx.publish('user.big.result', { error });
}`,
  'publish-many.js': `
export function main({ kwargs }, ctx) {
  const filler = 'y'.repeat(kwargs.size);
  for (let i = 1; i <= kwargs.n; i++) ctx.publish('user.many', { i, filler });
  ctx.publish('user.many.done', { n: kwargs.n });
}`,
  'no-newline.js': `
export function main() { process.stdout.write('z'.repeat(3 * 1024 * 1024)); process.stdout.write('\\nlast line\\n'); }`,
  'many-lines.js': `
export function main() { for (let i = 0; i < 20000; i++) console.log('line ' + i); }`,
  'spoof-log.js': `
export function main(_i, ctx) { ctx.log.info({ level: 'fatal', pid: 1, name: 'evil', msg: 'spoofed', procedure: 99 }, 'hello from a script'); }`,
};

/** Log lines the server wrote, parsed. */
function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createLogger({ name: 'oet-test', level: 'info', stream }) };
}

async function run(t: TestServer, file: string, kwargs: Record<string, unknown> = {}): Promise<number> {
  const p = await create(t, file);
  await waitForState(t.url, p.id, ['READY']);
  const res = await call(`${t.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING', script_args: { main: { kwargs } } });
  expect(res.status).toBe(200);
  return p.id;
}

const logs = captureLogs();
let t: TestServer;
let small: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logger: logs.logger });
  small = await startTestServer({ eventLimits: { maxReplayBytes: 256 * 1024, maxClientQueueBytes: 64 * 1024 } });
  for (const server of [t, small]) for (const [name, text] of Object.entries(SCRIPTS)) await writeFile(path.join(server.root, name), text);
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

describe('(item 6) events are bounded in bytes', () => {
  it('an event over the limit fails in the script with a clear error and is not kept', async () => {
    const stream = await SseReader.open(`${t.url}/stream?topics=user.big`);
    try {
      const id = await run(t, 'big-event.js');
      await stream.waitFor((r) => r.topics().includes('user.big.result'), 10_000);
      expect(stream.topics()).toEqual(['user.big.result']);
      expect(String(stream.events[0]!.data.error)).toMatch(/^RangeError: publish: .* more than the server's limit of 1048576 bytes/);
      await waitForState(t.url, id, ['COMPLETE']);
    } finally {
      await stream.close();
    }
  });

  it('replay keeps at most maxReplayBytes; a client asking for more is told what it missed', async () => {
    const id = await run(small, 'publish-many.js', { n: 100, size: 10 * 1024 });
    await waitForState(small.url, id, ['COMPLETE']);
    const replay = await SseReader.open(`${small.url}/stream?topics=user`, { 'last-event-id': '0' });
    try {
      await replay.waitFor((r) => r.topics().includes('user.many.done'), 10_000);
      const first = replay.events[0]!;
      expect(first.data).toMatchObject({ topic: 'stream.missed', first_id: 1 });
      const kept = replay.events.filter((e) => e.data.topic === 'user.many');
      expect(kept.length).toBeGreaterThan(10);
      expect(kept.length).toBeLessThan(100);
      expect(first.id).toBe(kept[0]!.id - 1 - (replay.events[1]!.id - kept[0]!.id)); // the notice ends where the buffer starts
      expect(Buffer.byteLength(replay.raw)).toBeLessThan(300 * 1024);
      const ids = replay.events.map((e) => e.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    } finally {
      await replay.close();
    }
  });

  it('a client that stops reading is cut off after maxClientQueueBytes, then resumes with Last-Event-ID', async () => {
    const url = new URL(`${small.url}/stream`);
    const socket = connect(Number(url.port), '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    const closed = once(socket, 'close');
    socket.on('error', () => undefined);
    socket.write(`GET ${url.pathname}?topics=user.many HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    await once(socket, 'data').then(([chunk]) => (received += String(chunk)));
    socket.pause(); // a reader that fell asleep
    const id = await run(small, 'publish-many.js', { n: 2000, size: 10 * 1024 }); // 20 MB
    await waitForState(small.url, id, ['COMPLETE'], 30_000);
    socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
    socket.resume();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the slow client was never cut off')), 15_000))]);
    const ids = [...received.matchAll(/^id:(\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeLessThan(2000);
    // reconnecting with the last id it saw: told what the buffer lost, then the rest
    const last = ids.at(-1) ?? 0;
    const again = await SseReader.open(`${small.url}/stream?topics=user.many`, { 'last-event-id': String(last) });
    try {
      await again.waitFor((r) => r.topics().includes('user.many.done'), 10_000);
      expect(again.events[0]!.data).toMatchObject({ topic: 'stream.missed', first_id: last + 1 });
    } finally {
      await again.close();
    }
  });
});

describe('(item 7) child output', () => {
  it('output without newlines is logged in bounded pieces; the server lives on', async () => {
    const id = await run(t, 'no-newline.js');
    await waitForState(t.url, id, ['COMPLETE'], 30_000);
    // the output is read to its end before the final state is recorded
    const out = logs.lines.filter((l) => l.procedure === id && l.stream === 'stdout');
    expect(out.some((l) => l.cut === true)).toBe(true);
    // 3 MiB in a burst exceeds the budget of 1 MiB a second: the excess is dropped, and counted
    const logged = out.filter((l) => l.droppedBytes === undefined).reduce((sum, l) => sum + String(l.msg).length, 0);
    const dropped = out.filter((l) => typeof l.droppedBytes === 'number').reduce((sum, l) => sum + (l.droppedBytes as number), 0);
    expect(logged + dropped).toBe(3 * 1024 * 1024 + 'last line'.length);
    expect(Math.max(...out.map((l) => String(l.msg).length))).toBeLessThanOrEqual(16 * 1024);
    expect((await call(`${t.url}/health`)).status).toBe(200);
  });

  it('every line written just before main returns arrives (output is flushed before the child exits)', async () => {
    const id = await run(t, 'many-lines.js');
    await waitForState(t.url, id, ['COMPLETE'], 30_000);
    const lines = logs.lines.filter((l) => l.procedure === id && l.stream === 'stdout');
    expect(lines).toHaveLength(20000);
    expect(lines.at(-1)!.msg).toBe('line 19999');
  });
});

describe('(item 9) script log records', () => {
  it('script fields are nested under script and cannot pose as the server', async () => {
    const id = await run(t, 'spoof-log.js');
    await waitForState(t.url, id, ['COMPLETE']);
    await expect.poll(() => logs.lines.some((l) => l.msg === 'hello from a script'), { timeout: 10_000 }).toBe(true);
    const line = logs.lines.find((l) => l.msg === 'hello from a script')!;
    expect(line).toMatchObject({ level: 30, pid: process.pid, name: 'oet-test', procedure: id });
    expect(line.script).toEqual({ level: 'fatal', pid: 1, name: 'evil', msg: 'spoofed', procedure: 99 });
  });
});
