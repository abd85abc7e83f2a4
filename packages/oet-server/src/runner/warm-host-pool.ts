import type { Logger } from '@observatory/core';
import { ScriptProcess, type ExitInfo, type ScriptProcessOptions } from './script-process.js';

/** What a procedure attaches to the process it takes: its logger and its callbacks. */
export type HostHandlers = Pick<ScriptProcessOptions, 'log' | 'onPublish' | 'onFailure' | 'onExit'>;

/** How every script process is forked (the same for warm and cold ones). */
export type HostSpawnOptions = Omit<ScriptProcessOptions, keyof HostHandlers>;

/** Idle hosts that die before being taken this many times in a row stop the refilling (something is wrong). */
const MAX_IDLE_DEATHS = 3;

interface WarmHost {
  process: ScriptProcess;
  handlers: HostHandlers | undefined;
}

/** A logger that forwards to whoever holds the host now (the pool while idle, then the procedure). */
function forwardingLogger(current: () => Logger): Logger {
  return new Proxy({} as Logger, {
    get(_target, prop) {
      const log = current() as unknown as Record<PropertyKey, unknown>;
      const value = log[prop];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(log) : value;
    },
  });
}

/**
 * Warm script hosts (performance): a few pre-forked, idle script processes, so creating a procedure no longer
 * waits for a process to start. Each host serves exactly one procedure and is never reused (isolation as
 * before: one process per procedure); taking one starts a replacement. Size 0 disables the pool.
 */
export class WarmHostPool {
  private readonly idle: WarmHost[] = [];
  private idleDeaths = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly spawnOptions: () => HostSpawnOptions,
    private readonly log: Logger,
  ) {
    this.fill();
  }

  /** Idle hosts now (for /health and tests). */
  get available(): number {
    return this.idle.length;
  }

  /** A started (or starting) host bound to `handlers`, or a fresh process when none is idle. */
  take(handlers: HostHandlers): ScriptProcess {
    const host = this.idle.shift();
    if (!host) return this.spawn(handlers).process;
    host.handlers = handlers;
    this.idleDeaths = 0;
    // the replacement starts on the next turn, after this procedure's first steps are under way
    setImmediate(() => this.fill());
    return host.process;
  }

  /** Kills the idle hosts (taken ones belong to their procedures). */
  async close(): Promise<void> {
    this.closed = true;
    const hosts = this.idle.splice(0);
    for (const host of hosts) host.process.killGroup();
    await Promise.all(hosts.map((host) => host.process.waitExit(2000)));
  }

  private fill(): void {
    while (!this.closed && this.idle.length < this.size && this.idleDeaths < MAX_IDLE_DEATHS) this.idle.push(this.spawn(undefined));
  }

  private spawn(handlers: HostHandlers | undefined): WarmHost {
    const host: WarmHost = { process: undefined as unknown as ScriptProcess, handlers };
    const idleExit = (info: ExitInfo) => {
      const at = this.idle.indexOf(host);
      if (at === -1) return;
      this.idle.splice(at, 1);
      this.idleDeaths++;
      this.log.warn({ ...info, deaths: this.idleDeaths }, 'an idle script host exited');
      if (this.idleDeaths >= MAX_IDLE_DEATHS) this.log.error('idle script hosts keep dying: warm hosts disabled until one is taken');
      setImmediate(() => this.fill());
    };
    host.process = new ScriptProcess({
      ...this.spawnOptions(),
      log: forwardingLogger(() => host.handlers?.log ?? this.log),
      onPublish: (topic, payload) => host.handlers?.onPublish(topic, payload),
      onFailure: (stacktrace) => {
        if (host.handlers) host.handlers.onFailure(stacktrace);
        else this.log.warn({ stacktrace }, 'an idle script host failed');
      },
      onExit: (info) => {
        if (host.handlers) host.handlers.onExit(info);
        else idleExit(info);
      },
    });
    return host;
  }
}
