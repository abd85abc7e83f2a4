import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { ObservatoryError, type Logger } from '@observatory/core';
import type { ChildMessage, ChildReply, ParentMessage } from './child-protocol.js';
import type { ProcessReaper } from './process-reaper.js';
import { logChildOutput } from './child-output.js';
import { logScriptRecord } from './script-log.js';

/** A script failure as the procedure's `stacktrace` shows it. */
export class ScriptFailure extends ObservatoryError {
  constructor(readonly stacktrace: string) {
    super('OET_SCRIPT_FAILURE', stacktrace.split('\n')[0] ?? '');
  }
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ScriptProcessOptions {
  entry: string;
  env: NodeJS.ProcessEnv;
  /** V8 heap limit of the child, so a runaway script dies alone. */
  maxOldSpaceMb: number;
  /** Added niceness of the child, so spinning scripts cannot starve the server (0 = none). */
  nice: number;
  /** Kills the child's group should the server die without doing so. */
  reaper?: ProcessReaper;
  log: Logger;
  onPublish(topic: string, payload: Record<string, unknown>): void;
  /** A failure reported while no request was pending (e.g. an uncaught error in READY). */
  onFailure(stacktrace: string): void;
  /** The process ended while no request was pending. */
  onExit(info: ExitInfo): void;
}

/**
 * The server's custom resolution conditions (`--conditions`/`-C`), so a script resolves packages exactly as the
 * server does (e.g. to TypeScript source in a checkout that has not been built; the child then installs its
 * TypeScript hook). Other flags stay with the server: loaders such as tsx would add their start-up cost to every
 * procedure, and a second inspector on the same port would fail.
 */
export function inheritedExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (arg.startsWith('--conditions=') || /^-C.+/.test(arg)) out.push(arg);
    else if ((arg === '--conditions' || arg === '-C') && execArgv[i + 1] !== undefined) out.push(arg, execArgv[++i]!);
  }
  return out;
}

export const exitText = ({ code, signal }: ExitInfo): string =>
  `Script process exited unexpectedly (code ${String(code)}, signal ${String(signal)})`;

/** Longest wait for the IPC channel and the output to drain after the exit (a grandchild may keep the pipes open). */
const OUTPUT_DRAIN_MS = 2000;

type Pending = { type: ChildReply['type']; resolve(reply: ChildReply): void; reject(err: Error): void };

/**
 * The server's handle on one procedure's child process: a forked process that leads its own
 * process group (so git/npm grandchildren die with it), talks JSON over IPC and answers one request
 * at a time.
 */
export class ScriptProcess {
  readonly child: ChildProcess;
  readonly up: Promise<void>;
  readonly exited: Promise<ExitInfo>;
  private pending: Pending | undefined;
  private exitInfo: ExitInfo | undefined;

  constructor(private readonly options: ScriptProcessOptions) {
    this.child = fork(options.entry, [], {
      execArgv: [...inheritedExecArgv(process.execArgv), `--max-old-space-size=${options.maxOldSpaceMb}`],
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const log = options.log;
    if (this.child.pid !== undefined) options.reaper?.track(this.child.pid);
    // bounded lines and budget: a script printing without newlines cannot grow the server's memory
    const outputEnded = logChildOutput(this.child, log);
    this.up = new Promise<void>((resolve, reject) => {
      this.child.once('message', () => resolve());
      this.child.once('exit', (code, signal) => reject(new ScriptFailure(exitText({ code, signal }))));
      this.child.once('error', (err) => reject(new ScriptFailure(err.stack ?? String(err))));
    });
    this.up.catch(() => undefined);
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.child.once('exit', (code, signal) => {
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          this.exitInfo = { code, signal };
          if (this.child.pid !== undefined) options.reaper?.untrack(this.child.pid);
          const pending = this.pending;
          this.pending = undefined;
          if (pending) pending.reject(new ScriptFailure(exitText(this.exitInfo)));
          else options.onExit(this.exitInfo);
          resolve(this.exitInfo);
        };
        // 'exit' can overtake the last IPC messages (e.g. main's answer) and the last output lines; the
        // channel closes only after they have been read, so wait for that and for the output (bounded;
        // a grandchild may hold the output open) before judging the exit.
        const ipcDrained = this.child.connected ? new Promise<void>((resolve) => this.child.once('disconnect', () => resolve())) : undefined;
        const timer = setTimeout(finish, OUTPUT_DRAIN_MS);
        void Promise.all([ipcDrained, outputEnded]).then(() => {
          clearTimeout(timer);
          finish();
        });
      });
    });
    this.child.on('message', (msg: ChildMessage) => this.onMessage(msg));
    this.child.on('error', (err) => log.warn({ err }, 'child process error'));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  private onMessage(msg: ChildMessage): void {
    switch (msg.type) {
      case 'up':
        // start-up runs at full priority (it bounds create->READY latency); the script itself runs
        // lower, so busy scripts cannot starve the server
        this.lowerPriority();
        return;
      case 'publish':
        this.options.onPublish(msg.topic, msg.payload);
        return;
      case 'log':
        logScriptRecord(this.options.log, msg);
        return;
      case 'failed': {
        const pending = this.pending;
        this.pending = undefined;
        if (pending) pending.reject(new ScriptFailure(msg.stacktrace));
        else this.options.onFailure(msg.stacktrace);
        return;
      }
      default: {
        const pending = this.pending;
        if (pending?.type === msg.type) {
          this.pending = undefined;
          pending.resolve(msg);
        }
      }
    }
  }

  private lowerPriority(): void {
    const pid = this.child.pid;
    if (this.options.nice <= 0 || pid === undefined) return;
    try {
      os.setPriority(pid, Math.min(19, os.getPriority(process.pid) + this.options.nice));
    } catch (err) {
      this.options.log.debug({ err }, 'cannot lower the script process priority');
    }
  }

  /** Sends a request and waits for its reply; a failure or exit rejects with `ScriptFailure`. */
  request<T extends ChildReply['type']>(message: ParentMessage, replyType: T): Promise<Extract<ChildReply, { type: T }>> {
    if (this.exitInfo) return Promise.reject(new ScriptFailure(exitText(this.exitInfo)));
    if (this.pending) return Promise.reject(new Error(`request ${message.type} while ${this.pending.type} is pending`));
    return new Promise((resolve, reject) => {
      this.pending = { type: replyType, resolve: resolve as (reply: ChildReply) => void, reject };
      this.send(message);
    });
  }

  /** Sends without waiting; a closed channel is ignored (the exit handler reports it). */
  send(message: ParentMessage): void {
    if (!this.child.connected) return;
    this.child.send(message, (err) => {
      if (err) this.options.log.debug({ err }, 'send to child failed');
    });
  }

  /** SIGKILLs the whole process group (the child and anything it started). */
  killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // group already gone
    }
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** Waits for the exit at most `ms`; true when the process is gone. */
  async waitExit(ms: number): Promise<boolean> {
    if (!this.alive) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.exited.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
