import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePortOffset, SOURCE_NODE_ARGS, startProcess, type TestProcess } from '@observatory/test-utils';
import { runCli } from '../../src/index.js';
import { simulatorModules } from '../../src/systems/registry.js';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI in this process; returns exit code and output lines. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'discos-simulator', ...args], {
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    env,
    handleSignals: false,
  });
  return { code, out, err };
}

/** A `discos-simulator` child process running the TypeScript source (test-utils' TestProcess), output collected. */
export class CliProcess {
  private readonly proc: TestProcess;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.proc = startProcess(process.execPath, [...SOURCE_NODE_ARGS, 'src/main.ts', ...args], { cwd: PACKAGE_DIR, env });
    this.exited = this.proc.exited.then((s) => s.code);
  }

  get child(): ChildProcess {
    return this.proc.child;
  }

  /** stdout then stderr. */
  get text(): string {
    return this.proc.stdout + this.proc.stderr;
  }

  /** Resolves once the output contains `text`. */
  async waitFor(text: string, timeoutMs = 15000): Promise<void> {
    await this.proc.waitForLine(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), { timeoutMs, stream: 'both' });
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }
}

/** Every base port of every simulator (a CLI started with `--port-offset` opens some of them). */
const BASE_PORTS = simulatorModules().flatMap((m) => m.servers.flatMap((r) => [r.listen, r.send, r.http].filter((p): p is number => p !== undefined)));

/**
 * A `--port-offset` at which every simulator port is free now (allocated, not split by convention with the app's
 * suite). The range keeps every port below the ephemeral range (32768), so the CLI prints no warning about it.
 */
export function freeOffset(): Promise<number> {
  return freePortOffset(BASE_PORTS, { minOffset: 14000, maxOffset: 15500 });
}
