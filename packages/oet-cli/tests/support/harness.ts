import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOetServer, type OetServer } from '@ska/oet-server';
import { waitForState as sharedWaitForState } from '@observatory/test-utils';
import { afterAll } from 'vitest';
import { runCli, type CliIo, type ProcedureSummary } from '../../src/index.js';

export const SCRIPTS_DIR = fileURLToPath(new URL('../fixtures/scripts/', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/oet.js', import.meta.url));

export const scriptUri = (name: string) => `file://${path.join(SCRIPTS_DIR, name)}`;

export interface TestServer {
  server: OetServer;
  url: string;
  close(): Promise<void>;
}

// One cache directory per test file: oet-server memoises its child runtime path per process
// (whatever cacheDir a later server names), so the directory must outlive each single server.
let sharedCache: Promise<string> | undefined;
afterAll(async () => {
  if (sharedCache) await rm(await sharedCache, { recursive: true, force: true });
});

/** A real OET server on 127.0.0.1:0 whose script root is the fixture scripts directory. */
export async function startServer(): Promise<TestServer> {
  sharedCache ??= mkdtemp(path.join(os.tmpdir(), 'oet-cli-test-'));
  const server = await createOetServer({
    port: 0,
    scriptRoots: [SCRIPTS_DIR],
    stopGraceMs: 300,
    cacheDir: await sharedCache,
    childMaxOldSpaceMb: 64,
    gitAllowFile: true, // tests clone local repositories
  });
  const url = await server.listen();
  return { server, url, close: () => server.close() };
}

export interface OetRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A string sink that looks like a stream (and a terminal, when asked). */
export function collector(isTTY = false) {
  const sink = { text: '', isTTY, write: (chunk: string) => ((sink.text += chunk), true) };
  return sink;
}

/** Starts `oet` in-process and hands back its live output (for commands that run until detached). */
export function startOet(args: string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
  const stdout = collector();
  const stderr = collector();
  const io: CliIo = { stdout, stderr, env: { ...options.env }, signal: options.signal };
  const done = runCli(args, io).then((code): OetRun => ({ code, stdout: stdout.text, stderr: stderr.text }));
  return { stdout, stderr, done };
}

/** Runs `oet` in-process against a server. */
export async function runOet(args: string[], options: { env?: Record<string, string>; signal?: AbortSignal; tty?: boolean } = {}): Promise<OetRun> {
  const stdout = collector(options.tty);
  const stderr = collector(options.tty);
  const io: CliIo = { stdout, stderr, env: { ...options.env }, signal: options.signal };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Environment for child `oet` processes: the TypeScript source (never a possibly stale dist/), and
 * no server or colour settings leaking in from the test runner.
 */
function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const key of ['OET_URL', 'OET_REST_URI', 'NO_COLOR', 'FORCE_COLOR']) delete base[key];
  return { ...base, OET_CLI_FROM_SOURCE: '1', ...env };
}

/** A running `node bin/oet.js …` child; collects its output and always gets killed in `close()`. */
export class OetProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number>;

  constructor(args: string[], env?: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = once(this.child, 'exit').then(([code, signal]) => (code as number | null) ?? (signal ? 128 : -1));
  }

  /** Resolves when stdout matches; rejects at the deadline with what was printed so far. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout)) {
      if (Date.now() > deadline) throw new Error(`no ${String(pattern)} in output:\n${this.stdout}\n${this.stderr}`);
      if (this.child.exitCode !== null) throw new Error(`oet exited ${this.child.exitCode} before ${String(pattern)}:\n${this.stdout}\n${this.stderr}`);
      await Promise.race([once(this.child.stdout!, 'data'), once(this.child, 'exit')]);
    }
  }

  async result(timeoutMs = 15_000): Promise<OetRun> {
    const code = await Promise.race([
      this.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`oet did not exit within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`)), timeoutMs).unref()),
    ]);
    return { code, stdout: this.stdout, stderr: this.stderr };
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** Runs `node bin/oet.js …` to completion. */
export async function spawnOet(args: string[], env?: Record<string, string>): Promise<OetRun> {
  const proc = new OetProcess(args, env);
  try {
    return await proc.result();
  } finally {
    await proc.close();
  }
}

/** Parses the `--json` document a run printed. */
export function json<T = unknown>(run: OetRun): T {
  return JSON.parse(run.stdout) as T;
}

/** Polls `oet procedure list --json` until the procedure reaches one of the states. */
export function waitForState(url: string, pid: number, states: string[], timeoutMs = 10_000): Promise<ProcedureSummary> {
  const read = async (): Promise<ProcedureSummary | undefined> =>
    json<ProcedureSummary[]>(await runOet(['--server-url', url, '--json', 'procedure', 'list', `--pid=${pid}`]))[0];
  return sharedWaitForState(read, states, { timeoutMs, intervalMs: 20, what: `procedure ${pid}` });
}
