import { ObservatoryError } from '@observatory/core';
import { TangoTelescopeClient, type TangoTelescopeClientOptions } from '@ska/telescope-simulator/tango';
import type { AttrEvent, AttrReading } from './attr-event.js';
import type { DeviceAccess } from './device-access.js';
import { TmcEntryPoint } from './tmc-entry-point.js';

/** ska-tango-base's ResultCode names, by value. */
const RESULT_CODES = ['OK', 'STARTED', 'QUEUED', 'FAILED', 'UNKNOWN', 'REJECTED', 'NOT_ALLOWED', 'ABORTED'] as const;
/** Results that mean the command did not do its work (ABORTED is someone's Abort, which that wait follows). */
const FAILURES = new Set([3, 4, 5, 6]);
/** Results kept for `awaitResult` after they arrived (a command's result may come before anyone asks). */
const KEPT_RESULTS = 256;

/** What a long-running command reported in `longRunningCommandResult`. */
export interface LrcResult {
  commandId: string;
  /** ska-tango-base ResultCode (0 OK, 3 FAILED, 7 ABORTED, ...). */
  resultCode: number;
  message: string;
}

/** A long-running command's result event reported a failure (`FAILED`, `REJECTED`, `NOT_ALLOWED`, `UNKNOWN`). */
export class LongRunningCommandError extends ObservatoryError {
  readonly resultName: string;
  constructor(
    readonly device: string,
    readonly command: string,
    readonly result: LrcResult,
  ) {
    const name = RESULT_CODES[result.resultCode] ?? String(result.resultCode);
    super('SKALLOP_LRC_FAILED', `${command} on ${device} (${result.commandId}) ended ${name}: ${result.message}`);
    this.resultName = name;
  }
}

/** No `longRunningCommandResult` event for the command within the deadline. */
export class LongRunningCommandTimeoutError extends ObservatoryError {
  constructor(
    readonly device: string,
    readonly command: string,
    readonly commandId: string,
    readonly timeoutMs: number,
  ) {
    super('SKALLOP_LRC_TIMEOUT', `${command} on ${device} (${commandId}): no result within ${timeoutMs} ms`);
  }
}

export interface TangoEntryPointOptions extends TangoTelescopeClientOptions {
  /** How long a command awaited outside any wait may take to report its result (default 30 000 ms). */
  resultTimeoutMs?: number;
}

interface Listener {
  device: string;
  attr: string;
  deliver: (e: AttrEvent) => void;
}

/**
 * The Tango device access with ska-tango-base's long-running commands followed through their events: each
 * command answers `[[ResultCode], [command_id]]`, and `longRunningCommandResult` later carries
 * `[command_id, "[ResultCode, message]"]`.
 *
 * - A command sent while a skallop wait watches its subarray (or, for telescope commands, any device)
 *   resolves once accepted, and the wait's own deadline governs: when the result reports a failure, the
 *   waits that were watching when the command was sent get the devices' current values, then the failure,
 *   and stop with `LongRunningCommandError` unless they were already satisfied (a wait for FAULT is).
 *   The obsState waits stay what decides success, so fixtures that need a transient (CONFIGURING) or a
 *   state beyond the command keep working.
 * - A command sent with no wait watching (your own code calling the entry point) resolves when its result
 *   arrives: OK, or `LongRunningCommandError` / `LongRunningCommandTimeoutError`.
 */
export class LrcDeviceAccess implements DeviceAccess {
  readonly telescope: TangoTelescopeClient['telescope'];
  private readonly listeners = new Set<Listener>();
  private readonly results = new Map<string, LrcResult>();
  private readonly waiters = new Map<string, (r: LrcResult) => void>();
  private readonly watched = new Map<string, Promise<unknown>>();

  private closed = false;

  constructor(
    readonly access: TangoTelescopeClient,
    private readonly resultTimeoutMs = 30_000,
    private readonly pollIntervalMs = 50,
  ) {
    this.telescope = access.telescope;
  }

  /**
   * Events mode: subscribes to `longRunningCommandResult` of every device that takes commands (before the first
   * command). Polling mode: nothing is polled until a command is outstanding (see `pollStatus`).
   */
  async watchResults(devices: readonly string[]): Promise<void> {
    await Promise.all(devices.map((d) => this.watchResultsOf(d)));
  }

  private watchResultsOf(device: string): Promise<unknown> {
    if (this.access.readMode === 'polling') return Promise.resolve();
    let p = this.watched.get(device);
    if (!p) {
      p = this.access.subscribe(device, 'longRunningCommandResult', (e) => {
        if (!e.initial) this.onResult(e.value);
      });
      p.catch(() => this.watched.delete(device));
      this.watched.set(device, p);
    }
    return p;
  }

  private onResult(value: unknown): void {
    if (!Array.isArray(value) || value.length < 2) return;
    const commandId = String(value[0]);
    let resultCode = 4;
    let message = String(value[1]);
    try {
      const parsed = JSON.parse(String(value[1])) as unknown;
      if (Array.isArray(parsed)) {
        resultCode = Number(parsed[0]);
        message = String(parsed[1] ?? '');
      }
    } catch {
      // not ska-tango-base's JSON pair: kept as UNKNOWN with the raw text
    }
    const result = { commandId, resultCode, message };
    this.results.set(commandId, result);
    if (this.results.size > KEPT_RESULTS) this.results.delete(this.results.keys().next().value!);
    this.waiters.get(commandId)?.(result);
  }

  /** Resolves with the command's result (OK or ABORTED); failures reject with `LongRunningCommandError`. */
  awaitResult(device: string, command: string, commandId: string, timeoutMs = this.resultTimeoutMs, holdProcess = true): Promise<LrcResult> {
    return new Promise<LrcResult>((resolve, reject) => {
      const settle = (r: LrcResult): void => {
        clearTimeout(timer);
        this.waiters.delete(commandId);
        if (FAILURES.has(r.resultCode)) reject(new LongRunningCommandError(device, command, r));
        else resolve(r);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(commandId);
        reject(new LongRunningCommandTimeoutError(device, command, commandId, timeoutMs));
      }, timeoutMs);
      // A result nobody awaits (the wait around the command decides) must not keep the process alive.
      if (!holdProcess) timer.unref();
      this.waiters.set(commandId, settle);
      const known = this.results.get(commandId);
      if (known) settle(known);
      else if (this.access.readMode === 'polling') void this.pollStatus(device, commandId);
    });
  }

  /**
   * Polling fallback (`read_via_pubsub` false): reads `longRunningCommandStatus` (ska-tango-base keeps a history of
   * `[id, status]` pairs, so a result overwritten by a later command is not lost) while the command is awaited.
   */
  private async pollStatus(device: string, commandId: string): Promise<void> {
    const outcome: Record<string, number> = { COMPLETED: 0, FAILED: 3, REJECTED: 5, ABORTED: 7, NOT_FOUND: 4 };
    while (this.waiters.has(commandId) && !this.closed) {
      await new Promise<void>((resolve) => setTimeout(resolve, this.pollIntervalMs).unref());
      const status = await this.access.read(device, 'longRunningCommandStatus').catch(() => undefined);
      const list = Array.isArray(status?.value) ? (status.value as unknown[]).map(String) : [];
      let code: number | undefined;
      for (let i = list.length - 2; i >= 0; i -= 2) {
        if (list[i] === commandId) {
          code = outcome[list[i + 1]!];
          break;
        }
      }
      if (code === undefined) continue;
      const last = await this.access.read(device, 'longRunningCommandResult').catch(() => undefined);
      const pair = Array.isArray(last?.value) ? (last.value as unknown[]) : [];
      if (String(pair[0]) === commandId) this.onResult(pair);
      else this.onResult([commandId, JSON.stringify([code, `${list[list.indexOf(commandId) + 1] ?? 'finished'} (from longRunningCommandStatus)`])]);
    }
  }

  close(): void {
    this.closed = true;
  }

  async command(device: string, command: string, argin?: unknown): Promise<unknown> {
    await this.watchResultsOf(device);
    const scope = this.scope(device, argin);
    const watching = [...this.listeners].filter((l) => scope(l.device));
    const reply = await this.access.command(device, command, argin);
    if (!reply.commandId) return reply;
    if (watching.length === 0) return this.awaitResult(device, command, reply.commandId);
    // Inside a wait: report a failure to the waits that were watching, after the devices' current values.
    this.awaitResult(device, command, reply.commandId, this.resultTimeoutMs, false).catch(async (err: unknown) => {
      if (!(err instanceof LongRunningCommandError)) return;
      const still = watching.filter((l) => this.listeners.has(l));
      await Promise.all(
        still.map(async (l) => {
          const now = await this.access.read(l.device, l.attr).catch(() => undefined);
          if (now && this.listeners.has(l)) l.deliver({ device: l.device, attr: l.attr, value: now.value, time: now.time, seq: now.seq });
        }),
      );
      for (const l of still) {
        if (this.listeners.has(l)) l.deliver({ device: l.device, attr: l.attr, value: undefined, time: Date.now(), seq: 0, error: err.message, failure: err });
      }
    });
    return reply;
  }

  /** Which devices a command concerns: its subarray's (TM, CSP, SDP), or every device for telescope commands. */
  private scope(device: string, argin: unknown): (d: string) => boolean {
    const n = this.access.names;
    let id = /\/(\d+)$/.exec(device)?.[1];
    if (device === n.centralNode) {
      const json = typeof argin === 'string' ? safeJson(argin) : argin;
      const sub = (json as { subarray_id?: unknown } | undefined)?.subarray_id;
      id = typeof sub === 'number' || typeof sub === 'string' ? String(sub) : undefined;
    }
    if (id === undefined) return () => true;
    const i = Number(id);
    const own = new Set([n.tmSubarray(i), n.cspSubarray(i), n.sdpSubarray(i)]);
    return (d) => own.has(d);
  }

  read(device: string, attr: string): Promise<AttrReading> {
    return this.access.read(device, attr);
  }

  write(device: string, attr: string, value: unknown): Promise<void> {
    return this.access.write(device, attr, value);
  }

  async subscribe(device: string, attr: string, listener: (e: AttrEvent) => void): Promise<() => Promise<void>> {
    const entry: Listener = { device, attr, deliver: listener };
    const unsubscribe = await this.access.subscribe(device, attr, (e) => listener(e));
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
      return unsubscribe();
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * An `EntryPoint` over Tango: the TMC central node and subarray nodes (the Tango-served simulator or a real
 * TMC) through `@observatory/tango`, with ZMQ events (`readViaPubsub`) or polling; long-running commands are
 * followed through their `longRunningCommandResult` events (see `LrcDeviceAccess`).
 */
export async function tangoEntryPoint(options: TangoEntryPointOptions): Promise<TmcEntryPoint> {
  const access = new TangoTelescopeClient(options);
  try {
    const found = await access.discover();
    const devices = new LrcDeviceAccess(access, options.resultTimeoutMs, options.pollIntervalMs);
    const ep = new TmcEntryPoint(devices, {
      ...found,
      readMode: access.readMode,
      close: async () => {
        devices.close();
        await access.close();
      },
    });
    const n = ep.names;
    const ids = Array.from({ length: found.subarrays ?? (options.telescope === 'mid' ? 2 : 1) }, (_, i) => i + 1);
    await Promise.all([
      devices.watchResults([n.centralNode, ...ids.map((id) => n.tmSubarray(id))]),
      access.prepare([
        { device: n.centralNode, attr: 'telescopeState' },
        ...ids.flatMap((id) => [n.tmSubarray(id), n.cspSubarray(id), n.sdpSubarray(id)].map((device) => ({ device, attr: 'obsState' }))),
        ...ids.flatMap((id) => [n.cspSubarray(id), n.sdpSubarray(id)].map((device) => ({ device, attr: 'state' }))),
        // allocation readiness reads every other subarray's resources: a live subscription answers without a round trip
        ...ids.map((id) => ({ device: n.tmSubarray(id), attr: 'assignedResources' })),
        // the startup/shutdown waits (WaitRules) follow the controllers, dishes or MCCS too
        ...[n.cspController, n.sdpController, ...(n.mccsController ? [n.mccsController] : []), ...n.dishes].map((device) => ({ device, attr: 'state' })),
      ]),
    ]);
    return ep;
  } catch (err) {
    await access.close();
    throw err;
  }
}
