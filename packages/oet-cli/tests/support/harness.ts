import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOetServer, type OetServer } from '@ska/oet-server';
import { startProcess, waitForState as sharedWaitForState, type ExitStatus, type TestProcess } from '@observatory/test-utils';
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
 * no server or colour settings leaking in from the test runner (test-utils drops FORCE_COLOR).
 */
function childEnv(env: Record<string, string> = {}): Record<string, string | undefined> {
  return { OET_URL: undefined, OET_REST_URI: undefined, NO_COLOR: undefined, OET_CLI_FROM_SOURCE: '1', ...env };
}

const exitCode = (s: ExitStatus): number => s.code ?? (s.signal ? 128 : -1);

/** A running `node bin/oet.js …` child (test-utils' TestProcess); always killed by its PID in `close()`. */
export class OetProcess {
  private readonly proc: TestProcess;

  constructor(args: string[], env?: Record<string, string>) {
    this.proc = startProcess(process.execPath, [BIN, ...args], { env: childEnv(env) });
  }

  get child(): ChildProcess {
    return this.proc.child;
  }

  get stdout(): string {
    return this.proc.stdout;
  }

  get stderr(): string {
    return this.proc.stderr;
  }

  /** Resolves when stdout matches; rejects at the deadline with what was printed so far. */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    await this.proc.waitForLine(pattern, { timeoutMs });
  }

  async result(timeoutMs = 15_000): Promise<OetRun> {
    const r = await this.proc.waitForExit(timeoutMs);
    return { code: exitCode(r), stdout: r.stdout, stderr: r.stderr };
  }

  async close(): Promise<void> {
    await this.proc.close({ signal: 'SIGKILL' });
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
