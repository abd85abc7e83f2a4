import { StateWaitTimeoutError, UnwantedStateError } from './errors.js';
import type { AttrEvent, DeviceAccess } from './types.js';

export interface CommandAndWaitOptions {
  /** The device the command goes to (and, unless `watch` says otherwise, the one watched). */
  device: string;
  /** The command to send; without one the call only waits. */
  command?: string;
  argin?: unknown;
  /** The device whose attribute is watched, when it is not `device` (a central-node command acts on a subarray). */
  watch?: string;
  /** The attribute watched; default `obsState`. */
  attr?: string;
  /** The value to wait for. */
  target: unknown;
  /**
   * Whether the value at subscription time satisfies the wait. Default: only without a command. With one, only
   * a change after subscribing counts (Scan starts and ends in READY).
   */
  currentCounts?: boolean;
  /** Values that end the wait with `UnwantedStateError` (e.g. `['FAULT']`); initial values count only with `currentCounts`. */
  failOn?: readonly unknown[];
  /** Deadline for the whole call (`StateWaitTimeoutError`); default none. */
  timeoutMs?: number;
  /** Ends the wait at once with the signal's reason. */
  signal?: AbortSignal;
  /** Sees every event of the watched attribute, the initial one included (e.g. to report progress). */
  onEvent?: (event: AttrEvent) => void;
}

/**
 * Sends a command and resolves when the watched attribute reaches `target`. Commands resolve when accepted, not
 * when completed, so this subscribes first, then sends: no transition can slip by. The subscription is always
 * released. Works over any `DeviceAccess` (the in-process simulator, the HTTP client, the Tango client).
 */
export async function commandAndWait(telescope: Pick<DeviceAccess, 'command' | 'subscribe'>, options: CommandAndWaitOptions): Promise<void> {
  const { device, command, argin, attr = 'obsState', target, failOn = [], timeoutMs, signal, onEvent } = options;
  const watched = options.watch ?? device;
  const currentCounts = options.currentCounts ?? command === undefined;
  signal?.throwIfAborted();
  let settle!: { resolve(): void; reject(err: unknown): void };
  const reached = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  reached.catch(() => undefined); // it may settle (a timeout, an abort) while the command is still being sent
  const unsubscribe = await telescope.subscribe(watched, attr, (e) => {
    onEvent?.(e);
    if (e.initial && !currentCounts) return;
    if (e.value === target) settle.resolve();
    else if (failOn.includes(e.value)) settle.reject(new UnwantedStateError(watched, attr, e.value, command));
  });
  const onAbort = (): void => settle.reject(signal?.reason ?? new Error('stopped'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle.reject(new StateWaitTimeoutError(watched, attr, target, timeoutMs, command)), timeoutMs);
  try {
    if (command !== undefined) await telescope.command(device, command, argin);
    await reached;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
