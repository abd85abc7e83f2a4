import { describe, expect, test } from 'vitest';
import { EndedBeforeError, WaitTimeoutError, descendantPids, isAlive, runProcess, startProcess, waitFor } from '../src/index.js';

const node = process.execPath;

describe('TestProcess', () => {
  test('waitForLine resolves with the match of the ready line; output is collected per stream', async () => {
    await using proc = startProcess(node, ['-e', 'console.error("starting"); console.log("listening on port 4242"); setInterval(() => {}, 1000)']);
    const match = await proc.waitForLine(/port (\d+)/);
    expect(match[1]).toBe('4242');
    await proc.waitForLine(/starting/, { stream: 'stderr' });
    expect(proc.stdout).toContain('listening');
    expect(proc.stderr).toContain('starting');
  });

  test('drops FORCE_COLOR from the child env by default, keeps it when asked, and applies env overrides', async () => {
    const script = 'console.log(JSON.stringify({ fc: process.env.FORCE_COLOR ?? null, x: process.env.X_TEST ?? null, gone: process.env.GONE ?? null }))';
    const baseEnv = { ...process.env, FORCE_COLOR: '3', GONE: 'here' };
    const dropped = await runProcess(node, ['-e', script], { baseEnv, env: { X_TEST: 'yes', GONE: undefined } });
    expect(JSON.parse(dropped.stdout)).toEqual({ fc: null, x: 'yes', gone: null });
    const kept = await runProcess(node, ['-e', script], { baseEnv, dropForceColor: false });
    expect(JSON.parse(kept.stdout)).toMatchObject({ fc: '3' });
  });

  test('runProcess returns the exit code and output; stdin is passed when given', async () => {
    const result = await runProcess(node, ['-e', 'process.stdin.on("data", (d) => process.stdout.write(String(d).toUpperCase())); process.stdin.on("end", () => process.exit(3))'], { stdin: 'hello' });
    expect(result).toMatchObject({ code: 3, signal: null, stdout: 'HELLO' });
  });

  test('a process that exits before the ready line rejects at once with its output', async () => {
    const proc = startProcess(node, ['-e', 'console.error("bad config"); process.exit(2)']);
    const err = await proc.waitForLine(/ready/, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EndedBeforeError);
    expect((err as EndedBeforeError).message).toContain('bad config');
    expect(proc.exitStatus).toEqual({ code: 2, signal: null });
  });

  test('waitForLine and waitForExit reject at their deadlines with a typed timeout', async () => {
    await using proc = startProcess(node, ['-e', 'console.log("up"); setInterval(() => {}, 1000)']);
    await proc.waitForLine(/up/);
    await expect(proc.waitForLine(/never/, { timeoutMs: 50 })).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(proc.waitForExit(50)).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  test('close() stops the process by its PID (SIGKILL after the grace when SIGTERM is ignored); idempotent', async () => {
    const proc = startProcess(node, ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)']);
    await proc.waitForLine(/ready/);
    expect(isAlive(proc.pid)).toBe(true);
    const [a, b] = await Promise.all([proc.close({ graceMs: 100 }), proc.close()]);
    expect(a).toEqual({ code: null, signal: 'SIGKILL' });
    expect(b).toBe(a);
    expect(isAlive(proc.pid)).toBe(false);
  });

  test('a detached process is killed with its whole group, grandchildren included', async () => {
    const script = [
      'const { spawn } = require("node:child_process");',
      'const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });',
      'console.log("grandchild " + g.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const proc = startProcess(node, ['-e', script], { detached: true });
    const grandchild = Number((await proc.waitForLine(/grandchild (\d+)/))[1]);
    expect(isAlive(grandchild)).toBe(true);
    await proc.close();
    await waitFor(() => !isAlive(grandchild), { what: 'the grandchild to die' });
  });
  test('killDescendants: close() also kills descendants that left the process group; without it they survive', async () => {
    // The grandchild starts its own group (as the OET server's script runners do), so a group kill misses it.
    const script = [
      'const { spawn } = require("node:child_process");',
      'const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore", detached: true });',
      'console.log("grandchild " + g.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const start = async (killDescendants: boolean): Promise<number> => {
      const proc = startProcess(node, ['-e', script], { detached: true, killDescendants });
      const grandchild = Number((await proc.waitForLine(/grandchild (\d+)/))[1]);
      expect(await descendantPids(proc.pid)).toContain(grandchild);
      await proc.close();
      return grandchild;
    };
    const escaped = await start(false);
    try {
      expect(isAlive(escaped)).toBe(true);
    } finally {
      process.kill(escaped, 'SIGKILL');
    }
    const tracked = await start(true);
    await waitFor(() => !isAlive(tracked), { what: 'the tracked grandchild to die' });
  });
});
