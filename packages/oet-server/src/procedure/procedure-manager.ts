import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@observatory/core';
import { AbortScriptNotFoundError, ProcedureConflictError, ProcedureNotFoundError, ScriptValidationError, ServerClosingError } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { ProcessReaper } from '../runner/process-reaper.js';
import { ScriptFailure, ScriptProcess, exitText } from '../runner/script-process.js';
import { WarmHostPool, type HostHandlers, type HostSpawnOptions } from '../runner/warm-host-pool.js';
import type { OetFlags, ScriptInput } from '../script-types.js';
import { Procedure } from './procedure.js';
import { assertProcedureCapacity, DEFAULT_MAX_PROCEDURES } from './procedure-limit.js';
import type { CreateRequest } from './script-spec.js';
import { isFinalState, type ProcedureState } from './states.js';

export interface ProcedureManagerOptions {
  childEntry: string;
  esbuildUrl: string;
  events: EventBus;
  flags: OetFlags;
  historyMax: number;
  stopGraceMs: number;
  /** How long a SIGKILLed process may linger before the procedure is UNKNOWN. */
  killWaitMs?: number;
  cacheDir: string;
  gitTimeoutMs: number;
  envTimeoutMs: number;
  childMaxOldSpaceMb: number;
  childNice: number;
  reaper?: ProcessReaper;
  abortScriptDir: string;
  /** git scripts resolve bare imports their clone lacks from here (see runner/default-env.ts). */
  defaultEnvUrl?: string;
  /** Pre-forked idle script processes kept ready (0 = none; each serves one procedure). */
  warmHosts?: number;
  /** `http://host:port{base}/procedures`, for summaries inside events. */
  procedureBaseUrl: () => string;
  log: Logger;
  /** Non-final procedures allowed at once (default 32); beyond, creating answers 429. */
  maxProcedures?: number;
  /** Epoch milliseconds (injectable for tests). */
  now?: () => number;
}

const ABORT_SCRIPTS = ['abort.js', 'abort.ts'];
const RESERVED_TOPICS = ['procedure.', 'request.', 'activity.'];

/**
 * The subarray an abort addresses: `subarray_id` from the init or the main call (OET takes it from any recorded
 * call); none, or two different values, is a 422.
 */
function abortSubarrayId(proc: Procedure): number | string {
  const found = new Map<string, number | string>();
  for (const fn of ['init', 'main'] as const) {
    const value = proc.scriptArgs[fn]?.kwargs.subarray_id;
    if (typeof value === 'number' || typeof value === 'string') found.set(fn, value);
  }
  const values = [...found.values()];
  if (values.length === 0) throw new ScriptValidationError([{ type: 'value_error', loc: ['body', 'abort'], msg: 'Subarray ID not specified' }]);
  if (values.some((v) => String(v) !== String(values[0]))) {
    const said = [...found].map(([fn, v]) => `${fn} has ${JSON.stringify(v)}`).join(', ');
    throw new ScriptValidationError([{ type: 'value_error', loc: ['body', 'abort'], msg: `Conflicting subarray IDs: ${said}` }]);
  }
  return values[0]!;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The procedure domain: ids, states and history, the per-subarray running rule, stop/abort,
 * retention, and the lifecycle events. Every procedure runs in its own `ScriptProcess`.
 */
export class ProcedureManager {
  private readonly procedures = new Map<number, Procedure>();
  private readonly slots = new Map<string, number>();
  private nextId = 1;
  private closing = false;
  private readonly hosts: WarmHostPool | undefined;
  private readonly stateListeners = new Set<(proc: Procedure, previous: ProcedureState) => void>();
  private readonly now: () => number;

  constructor(private readonly options: ProcedureManagerOptions) {
    this.now = options.now ?? Date.now;
    const warm = options.warmHosts ?? 0;
    this.hosts = warm > 0 ? new WarmHostPool(warm, () => this.spawnOptions(), options.log.child({ component: 'warm-hosts' })) : undefined;
  }

  list(): Procedure[] {
    return [...this.procedures.values()];
  }

  get(id: number): Procedure {
    const proc = this.procedures.get(id);
    if (!proc) throw new ProcedureNotFoundError(id);
    return proc;
  }

  counts(): { total: number; running: number } {
    let running = 0;
    for (const p of this.procedures.values()) if (p.state === 'RUNNING') running++;
    return { total: this.procedures.size, running };
  }

  /**
   * Called synchronously on every recorded state (after the history entry, before the events): the durable store
   * saves here. Listeners must not change procedures synchronously. Returns the unsubscribe function.
   */
  onStateChange(listener: (proc: Procedure, previous: ProcedureState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Adds procedures read back from the durable store (before serving) and continues ids after `nextId`. */
  restore(procedures: Procedure[], nextId: number): void {
    for (const proc of procedures) this.procedures.set(proc.id, proc);
    this.nextId = Math.max(this.nextId, nextId, ...procedures.map((p) => p.id + 1));
  }

  /** Creates a procedure (state CREATING) and prepares it in the background. */
  create(request: CreateRequest): Procedure {
    if (this.closing) throw new ServerClosingError();
    assertProcedureCapacity(this.liveCount(), this.options.maxProcedures ?? DEFAULT_MAX_PROCEDURES);
    // script_args.main is shown once main is called (OET 7), so only init is kept from the request
    const proc = new Procedure(this.nextId++, request.script, { init: request.scriptArgs.init ?? { args: [], kwargs: {} } }, request.path);
    proc.defaultMain = request.defaultMain;
    proc.createdBy = request.createdBy;
    this.procedures.set(proc.id, proc);
    this.record(proc, 'CREATING');
    void this.prepare(proc);
    return proc;
  }

  private liveCount(): number {
    let live = 0;
    for (const p of this.procedures.values()) if (!isFinalState(p.state)) live++;
    return live;
  }

  /** PUT state RUNNING: claims the slot synchronously, records RUNNING and dispatches `main`. */
  start(id: number, input: ScriptInput): Procedure {
    const proc = this.get(id);
    if (proc.state !== 'READY' || proc.stopRequested) {
      throw new ProcedureConflictError(`Cannot start PID ${id}: state is ${proc.state}, expected READY`);
    }
    const holder = this.slots.get(proc.slotKey);
    if (holder !== undefined) throw new ProcedureConflictError(`Cannot start PID ${id}: PID #${holder} is RUNNING`);
    this.slots.set(proc.slotKey, id);
    proc.scriptArgs.main = input;
    this.record(proc, 'RUNNING');
    void this.runMain(proc, input);
    return proc;
  }

  /** PUT state STOPPED (optionally with abort); resolves with the `abort_message`. */
  async stop(id: number, abort: boolean): Promise<string> {
    const proc = this.get(id);
    if (isFinalState(proc.state)) throw new ProcedureConflictError(`Cannot stop script with ID ${id}: Script is not running`);
    let abortScript: string | undefined;
    let subarrayId: number | string | null = null;
    if (abort) {
      subarrayId = abortSubarrayId(proc);
      abortScript = this.findAbortScript();
    }
    await this.stopProcedure(proc);
    if (abortScript === undefined) return `Successfully stopped script with ID ${id}`;
    const aborter = this.create({
      script: { script_type: 'filesystem', script_uri: `file://${abortScript}` },
      scriptArgs: { init: { args: [], kwargs: { subarray_id: subarrayId } } },
      path: abortScript,
    });
    aborter.autoStart = true;
    return `Successfully stopped script with ID ${id} and aborted subarray activity`;
  }

  /** Stops every live procedure in parallel and refuses new ones. */
  async close(): Promise<void> {
    this.closing = true;
    const live = this.list().filter((p) => !isFinalState(p.state) || p.process?.alive);
    await Promise.all([...live.map((p) => this.stopProcedure(p)), this.hosts?.close()]);
  }

  private findAbortScript(): string {
    for (const name of ABORT_SCRIPTS) {
      const candidate = path.join(this.options.abortScriptDir, name);
      if (existsSync(candidate)) return candidate;
    }
    throw new AbortScriptNotFoundError(this.options.abortScriptDir);
  }

  /** How every script process is forked (warm hosts too). */
  private spawnOptions(): HostSpawnOptions {
    return {
      entry: this.options.childEntry,
      env: {
        ...process.env,
        OET_READ_VIA_PUBSUB: String(this.options.flags.read_via_pubsub),
        OET_MAX_EVENT_BYTES: String(this.options.events.limits.maxEventBytes),
        OET_ESBUILD_URL: this.options.esbuildUrl,
      },
      maxOldSpaceMb: this.options.childMaxOldSpaceMb,
      nice: this.options.childNice,
      reaper: this.options.reaper,
    };
  }

  private spawn(proc: Procedure): ScriptProcess {
    // `procedure`, not `pid`: a log reader takes `pid` for the server's process id
    const log = this.options.log.child({ procedure: proc.id, ...(proc.createdBy === undefined ? {} : { created_by: proc.createdBy }) });
    const handlers: HostHandlers = {
      log,
      onPublish: (topic, payload) => {
        // ctx.publish checks this in the child; a script writing to the IPC channel directly must
        // still not forge lifecycle events
        if (typeof topic !== 'string' || topic === '' || RESERVED_TOPICS.some((p) => topic.startsWith(p)) || !isPlainObject(payload)) {
          log.warn({ topic }, 'dropped an invalid event from the script process');
          return;
        }
        try {
          this.options.events.publishBounded(topic, { msg_src: String(proc.id), ...payload });
        } catch (err) {
          log.warn({ err, topic }, 'dropped an oversized event from the script process');
        }
      },
      onFailure: (stacktrace) => this.fail(proc, stacktrace),
      onExit: (info) => {
        if (!proc.expectExit && !proc.stopRequested && !isFinalState(proc.state)) this.fail(proc, exitText(info));
      },
    };
    // a warm host (already started) when one is idle, else a new process
    const child = this.hosts?.take(handlers) ?? new ScriptProcess({ ...this.spawnOptions(), ...handlers });
    proc.process = child;
    log.debug({ childPid: child.pid }, 'procedure process started');
    return child;
  }

  private async prepare(proc: Procedure): Promise<void> {
    try {
      const child = this.spawn(proc);
      await child.up;
      if (!this.advance(proc, 'IDLE')) return;
      let file = proc.path;
      if (proc.script.script_type === 'git') {
        const { git_args: git, create_env: createEnv } = proc.script;
        const prepare = {
          type: 'prepare' as const,
          git: {
            repo: git.git_repo,
            branch: git.git_branch,
            commit: git.git_commit,
            cacheDir: this.options.cacheDir,
            timeoutMs: this.options.gitTimeoutMs,
          },
          scriptPath: proc.path,
          env: createEnv ? { timeoutMs: this.options.envTimeoutMs } : null,
        };
        if (createEnv) {
          if (!this.advance(proc, 'PREP_ENV')) return;
          file = (await child.request(prepare, 'prepared')).scriptPath;
          if (!this.advance(proc, 'IDLE') || !this.advance(proc, 'LOADING')) return;
        } else {
          if (!this.advance(proc, 'LOADING')) return;
          file = (await child.request(prepare, 'prepared')).scriptPath;
        }
      } else if (!this.advance(proc, 'LOADING')) return;
      const { hasInit } = await child.request(
        {
          type: 'load',
          path: file,
          procedureId: proc.id,
          subarrayId: proc.subarrayId,
          flags: this.options.flags,
          esbuildUrl: this.options.esbuildUrl,
          defaultEnvUrl: proc.script.script_type === 'git' ? this.options.defaultEnvUrl : undefined,
        },
        'loaded',
      );
      if (!this.advance(proc, 'IDLE')) return;
      if (hasInit) {
        if (!this.advance(proc, 'INITIALISING')) return;
        await child.request({ type: 'call', fn: 'init', input: proc.initInput }, 'returned');
      }
      if (!this.advance(proc, 'READY')) return;
      if (proc.autoStart) this.autoStart(proc);
    } catch (err) {
      this.fail(proc, err);
    }
  }

  private autoStart(proc: Procedure): void {
    try {
      this.start(proc.id, { args: [], kwargs: {} });
    } catch (err) {
      this.options.log.warn({ err, procedure: proc.id }, 'could not start the abort procedure');
    }
  }

  private async runMain(proc: Procedure, input: ScriptInput): Promise<void> {
    const child = proc.process;
    try {
      if (!child) throw new Error('procedure has no process');
      await child.request({ type: 'call', fn: 'main', input }, 'returned');
      proc.expectExit = true;
      if (!this.advance(proc, 'READY')) return;
      const exit = await child.exited;
      if (proc.stopRequested || isFinalState(proc.state)) return;
      if (exit.code === 0) this.record(proc, 'COMPLETE');
      else this.fail(proc, exitText(exit));
    } catch (err) {
      this.fail(proc, err);
    }
  }

  private fail(proc: Procedure, err: unknown): void {
    if (proc.stopRequested || isFinalState(proc.state)) return;
    proc.stacktrace = err instanceof ScriptFailure ? err.stacktrace : typeof err === 'string' ? err : err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.record(proc, 'FAILED');
  }

  /** Stops a procedure (shared by concurrent callers): signal, grace, SIGKILL of the group. */
  private stopProcedure(proc: Procedure): Promise<void> {
    proc.stopping ??= (async () => {
      const wasFinal = isFinalState(proc.state);
      proc.stopRequested = true;
      const child = proc.process;
      if (child?.alive) {
        child.send({ type: 'stop' });
        if (!(await child.waitExit(this.options.stopGraceMs))) {
          child.killGroup();
          if (!(await child.waitExit(this.options.killWaitMs ?? 2000))) {
            if (!wasFinal && !isFinalState(proc.state)) this.record(proc, 'UNKNOWN');
            return;
          }
        }
      }
      child?.killGroup(); // anything the script started
      if (!wasFinal && !isFinalState(proc.state)) this.record(proc, 'STOPPED');
    })();
    return proc.stopping;
  }

  /** Records a state unless a stop has taken over; false when the caller should give up. */
  private advance(proc: Procedure, state: ProcedureState): boolean {
    if (proc.stopRequested || isFinalState(proc.state)) return false;
    this.record(proc, state);
    return true;
  }

  private record(proc: Procedure, state: ProcedureState): void {
    const previous = proc.state;
    proc.state = state;
    // One reading for the history entry and the retention order, so the two never disagree.
    const at = this.now();
    proc.history.push([state, at / 1000]);
    if (previous === 'RUNNING' && state !== 'RUNNING' && this.slots.get(proc.slotKey) === proc.id) this.slots.delete(proc.slotKey);
    if (isFinalState(state)) proc.finishedAt = at;
    for (const listener of this.stateListeners) listener(proc, previous);
    const events = this.options.events;
    events.publish('procedure.lifecycle.statechange', { msg_src: String(proc.id), new_state: state });
    const lifecycle = (name: string) =>
      events.publish(`procedure.lifecycle.${name}`, { msg_src: 'SESWorker', result: proc.summary(this.options.procedureBaseUrl()) });
    if (state === 'IDLE' && previous === 'LOADING') lifecycle('created');
    else if (state === 'INITIALISING' || state === 'RUNNING') lifecycle('started');
    else if (state === 'COMPLETE') lifecycle('complete');
    else if (state === 'STOPPED') lifecycle('stopped');
    else if (state === 'FAILED') {
      lifecycle('failed');
      events.publish('procedure.lifecycle.stacktrace', { msg_src: String(proc.id), stacktrace: proc.stacktrace });
    }
    if (isFinalState(state)) {
      if (!proc.stopRequested) proc.process?.killGroup();
      this.prune();
    }
  }

  /** Keeps the last `historyMax` finished procedures; unfinished ones are never dropped. */
  private prune(): void {
    const finished = this.list().filter((p) => isFinalState(p.state));
    let excess = finished.length - this.options.historyMax;
    if (excess <= 0) return;
    finished.sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const p of finished) {
      if (excess-- <= 0) break;
      this.procedures.delete(p.id);
    }
  }
}
