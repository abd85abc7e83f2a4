import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePortOffset } from '@observatory/test-utils';
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

/** A `discos-simulator` child process running the TypeScript source, with its output collected. */
export class CliProcess {
  readonly child: ChildProcess;
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--conditions=@observatory/source', '--import', 'tsx', 'src/main.ts', ...args], {
      cwd: PACKAGE_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get text(): string {
    return this.output;
  }

  /** Resolves once the output contains `text`. */
  async waitFor(text: string, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(text)) {
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}) before ${JSON.stringify(text)}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}:\n${this.output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.child.stdout!.once('data', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
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
