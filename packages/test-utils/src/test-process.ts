import { spawn, type ChildProcess } from 'node:child_process';
import { descendantPids } from './descendants.js';
import { EndedBeforeError, WaitTimeoutError } from './errors.js';

const DEFAULT_READY_MS = 15_000;
const DEFAULT_EXIT_MS = 15_000;
const DEFAULT_KILL_GRACE_MS = 3000;
/** Output kept per stream; a chatty child must not grow a test's memory without bound. */
const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface TestProcessOptions {
  cwd?: string;
  /** Added to (and overriding) the parent's environment; a key set to `undefined` is removed. */
  env?: Record<string, string | undefined>;
  /** Start from this environment instead of `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * Remove `FORCE_COLOR` (Nx sets it for the test runner) so the child prints plain text. Default true; an
   * explicit `env.FORCE_COLOR` still wins.
   */
  dropForceColor?: boolean;
  /** Own process group, so `kill()` reaches the child's children too. */
  detached?: boolean;
  /**
   * On `close()`, also SIGKILL every descendant of the child seen just before it was stopped, for processes that
   * leave its process group (e.g. script runners started with `detached`) and would otherwise outlive the test.
   */
  killDescendants?: boolean;
  /** Data written to stdin, which is then closed; without it stdin is ignored. */
  stdin?: string;
  /** Per-stream output limit in bytes (default 16 MiB); beyond it the oldest text is dropped. */
  maxOutputBytes?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A finished run: exit status and everything printed. */
export interface ProcessResult extends ExitStatus {
  stdout: string;
  stderr: string;
}

function childEnv(options: TestProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env) };
  if (options.dropForceColor ?? true) delete env.FORCE_COLOR;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * A child process under test: collects stdout/stderr as text, waits for a ready line with a deadline, and is killed
 * by the PID it started (its process group when detached) on `close()`.
 */
export class TestProcess {
  readonly child: ChildProcess;
  /** The PID this runner started. */
  readonly pid: number;
  private out = '';
  private err = '';
  private status: ExitStatus | undefined;
  private readonly waiters = new Set<() => void>();
  private closing: Promise<ExitStatus> | undefined;
  /** Resolves when the process has exited and its output streams have ended. */
  readonly exited: Promise<ExitStatus>;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
    private readonly options: TestProcessOptions = {},
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(options),
      detached: options.detached ?? false,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (this.child.pid === undefined) {
      // spawn reports ENOENT asynchronously; keep the error for `exited`.
      this.pid = -1;
    } else {
      this.pid = this.child.pid;
    }
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const append = (prev: string, chunk: string): string => {
      const next = prev + chunk;
      return next.length > limit ? next.slice(next.length - limit) : next;
    };
    // Decoding through the stream keeps multi-byte characters split across chunks intact.
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.out = append(this.out, chunk);
      this.wake();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.err = append(this.err, chunk);
      this.wake();
    });
    if (options.stdin !== undefined) {
      this.child.stdin!.on('error', () => undefined);
      this.child.stdin!.end(options.stdin);
    }
    this.exited = new Promise<ExitStatus>((resolve) => {
      const done = (status: ExitStatus): void => {
        this.status = status;
        this.wake();
        resolve(status);
      };
      this.child.once('error', () => done({ code: null, signal: null }));
      // 'close' comes after both streams have ended, so the output is complete.
      this.child.once('close', (code, signal) => done({ code, signal }));
    });
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** Exit status once exited, else undefined. */
  get exitStatus(): ExitStatus | undefined {
    return this.status;
  }

  /**
   * Resolves with the first match of `pattern` in stdout (or stderr with `stream: 'stderr'`, or either with 'both');
   * rejects when the process exits first or at the deadline, with the output so far in the message.
   */
  async waitForLine(
    pattern: RegExp,
    options: { timeoutMs?: number; stream?: 'stdout' | 'stderr' | 'both' } = {},
  ): Promise<RegExpMatchArray> {
    const { timeoutMs = DEFAULT_READY_MS, stream = 'stdout' } = options;
    const what = `${String(pattern)} on ${stream} of ${this.describe()}`;
    const text = (): string => (stream === 'stdout' ? this.out : stream === 'stderr' ? this.err : `${this.out}\n${this.err}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = text().match(pattern);
      if (match) return match;
      if (this.status) throw new EndedBeforeError(what, `exit ${this.formatStatus()}\n${this.output()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(what, timeoutMs, `output so far:\n${this.output()}`);
      await this.nextEvent(left);
    }
  }

  /** Waits for the process to exit on its own; rejects at the deadline (the process keeps running: close() it). */
  async waitForExit(timeoutMs = DEFAULT_EXIT_MS): Promise<ProcessResult> {
    const deadline = Date.now() + timeoutMs;
    while (!this.status) {
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(`${this.describe()} to exit`, timeoutMs, `output so far:\n${this.output()}`);
      await this.nextEvent(left);
    }
    return { ...this.status, stdout: this.out, stderr: this.err };
  }

  /** Sends `signal` to the PID this runner started (to its process group when detached). No-op once exited. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.status || this.pid < 0) return;
    try {
      process.kill(this.options.detached ? -this.pid : this.pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /**
   * Stops the process: `signal` (default SIGTERM), then SIGKILL after `graceMs`; idempotent; resolves with the exit
   * status once the process and its output streams are done.
   */
  close(options: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<ExitStatus> {
    this.closing ??= (async () => {
      // Taken before the stop: once the child dies, its orphans are re-parented and no longer found from its PID.
      const seen = this.options.killDescendants && !this.status ? await descendantPids(this.pid).catch(() => []) : [];
      if (!this.status) {
        this.kill(options.signal ?? 'SIGTERM');
        const timer = setTimeout(() => this.kill('SIGKILL'), options.graceMs ?? DEFAULT_KILL_GRACE_MS);
        try {
          await this.exited;
        } finally {
          clearTimeout(timer);
        }
      }
      // A detached group may hold grandchildren after the leader exited.
      if (this.options.detached) this.killGroupQuietly();
      for (const pid of seen) killQuietly(pid);
      return this.status!;
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** stdout and stderr, labelled, for error messages. */
  output(): string {
    return `--- stdout ---\n${this.out}\n--- stderr ---\n${this.err}`;
  }

  private killGroupQuietly(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  }

  private describe(): string {
    return [this.command, ...this.args].map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ');
  }

  private formatStatus(): string {
    return this.status?.signal ?? String(this.status?.code);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private nextEvent(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiters.add(wake);
    });
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

/** Starts a child process under test. */
export function startProcess(command: string, args: readonly string[], options?: TestProcessOptions): TestProcess {
  return new TestProcess(command, args, options);
}

/** Runs a child process to completion (killing it at the deadline) and returns its status and output. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: TestProcessOptions & { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const proc = new TestProcess(command, args, options);
  try {
    return await proc.waitForExit(options.timeoutMs ?? DEFAULT_EXIT_MS);
  } finally {
    await proc.close();
  }
}

/** Node flags that run a workspace's TypeScript source unbuilt: `[...SOURCE_NODE_ARGS, 'src/main.ts', ...]`. */
export const SOURCE_NODE_ARGS: readonly string[] = ['--conditions=@observatory/source', '--import', 'tsx'];
