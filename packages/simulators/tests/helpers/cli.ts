import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/index.js';

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

/** A port offset unlikely to collide with other tests: every row stays below the ephemeral range (32768). */
export function randomOffset(): number {
  // Ports 24000-28700 here; the app's test uses 28700-32000, so the two suites never share a port.
  return 14000 + Math.floor(Math.random() * 1500);
}
