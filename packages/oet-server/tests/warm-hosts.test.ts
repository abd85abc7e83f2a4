import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createBody, isAlive, startTestServer, waitForState, type TestServer } from './helpers.js';
import { SseReader } from './sse-reader.js';

const SCRIPT = `
let seen = 0;
export function init(_input, ctx) { seen++; ctx.publish('user.warm.init', { pid: process.pid, seen }); }
export function main() {}
`;

/** Our direct child processes now (the servers run in this process, so their script hosts are our children). */
function childPids(): Set<number> {
  const out = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.add(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function initPid(t: TestServer, stream: SseReader, index: number): Promise<{ id: number; pid: number; seen: number }> {
  const created = await call<{ id: number }>(`${t.url}/procedures/`, 'POST', createBody(t.root, 'warm.js', { subarray_id: index }));
  await stream.waitFor((s) => s.events.length > index);
  const { pid, seen } = stream.events[index]!.data as { pid: number; seen: number };
  return { id: created.body.id, pid, seen };
}

describe.skipIf(process.platform !== 'linux')('warm script hosts', () => {
  let warm: TestServer;
  let cold: TestServer;
  beforeAll(async () => {
    warm = await startTestServer({ warmHosts: 2 });
    cold = await startTestServer({ warmHosts: 0 });
    await writeFile(path.join(warm.root, 'warm.js'), SCRIPT);
    await writeFile(path.join(cold.root, 'warm.js'), SCRIPT);
  });
  afterAll(async () => {
    await warm?.close();
    await cold?.close();
  });

  it('a procedure runs in a host forked before it was created; each host serves one procedure and is never reused', async () => {
    const stream = await SseReader.open(`${warm.url}/stream?topics=user.warm`);
    try {
      // the pool forks its hosts when the server starts
      await vi.waitFor(() => expect(childPids().size).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
      const before = childPids();
      const first = await initPid(warm, stream, 0);
      expect(before.has(first.pid)).toBe(true);
      const second = await initPid(warm, stream, 1);
      expect(second.pid).not.toBe(first.pid);
      expect(second.seen).toBe(1); // a fresh module: nothing carried over from the first procedure
      for (const p of [first, second]) {
        await waitForState(warm.url, p.id, ['READY']);
        await call(`${warm.url}/procedures/${p.id}`, 'PUT', { state: 'RUNNING' });
        expect((await waitForState(warm.url, p.id, ['COMPLETE', 'FAILED'])).state).toBe('COMPLETE');
      }
      await vi.waitFor(() => expect([first.pid, second.pid].some(isAlive)).toBe(false), { timeout: 5000 });
      // the pool refilled itself with new processes
      await vi.waitFor(() => expect([...childPids()].filter((pid) => !before.has(pid)).length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    } finally {
      await stream.close();
    }
  });

  it('warmHosts: 0 forks a process per procedure, as before', async () => {
    const stream = await SseReader.open(`${cold.url}/stream?topics=user.warm`);
    try {
      const before = childPids();
      const first = await initPid(cold, stream, 0);
      expect(before.has(first.pid)).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it('closing the server ends the idle hosts', async () => {
    const others = childPids();
    const t = await startTestServer({ warmHosts: 3 });
    const mine = () => [...childPids()].filter((pid) => !others.has(pid));
    await vi.waitFor(() => expect(mine().length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    const idle = mine();
    await t.close();
    await vi.waitFor(() => expect(idle.filter(isAlive)).toHaveLength(0), { timeout: 5000 });
  });
});
