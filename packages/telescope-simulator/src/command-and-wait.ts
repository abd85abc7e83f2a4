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
  /**
   * When the telescope can `read`, the watched attribute is also read from the device (`fresh`, never a cached
   * event) this often while waiting (default 1000 ms; 0: never). A lost change event (a subscription still joining its publisher, a dropped message) then delays the
   * wait by this much instead of failing it at `timeoutMs`. A read counts only where it cannot mislead: a value
   * other than the one at subscription time (a read of READY during a Scan could be the READY before it started).
   */
  verifyEveryMs?: number;
}

/**
 * Sends a command and resolves when the watched attribute reaches `target`. Commands resolve when accepted, not
 * when completed, so this subscribes first, then sends: no transition can slip by. The subscription is always
 * released. Works over any `DeviceAccess` (the in-process simulator, the HTTP client, the Tango client).
 */
export async function commandAndWait(telescope: Pick<DeviceAccess, 'command' | 'subscribe'> & Partial<Pick<DeviceAccess, 'read'>>, options: CommandAndWaitOptions): Promise<void> {
  const { device, command, argin, attr = 'obsState', target, failOn = [], timeoutMs, signal, onEvent, verifyEveryMs = 1000 } = options;
  const watched = options.watch ?? device;
  const currentCounts = options.currentCounts ?? command === undefined;
  signal?.throwIfAborted();
  let settle!: { resolve(): void; reject(err: unknown): void };
  const reached = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  reached.catch(() => undefined); // it may settle (a timeout, an abort) while the command is still being sent
  let initial: { value: unknown } | undefined;
  const judge = (value: unknown): void => {
    if (value === target) settle.resolve();
    else if (failOn.includes(value)) settle.reject(new UnwantedStateError(watched, attr, value, command));
  };
  const unsubscribe = await telescope.subscribe(watched, attr, (e) => {
    onEvent?.(e);
    if (e.initial) initial = { value: e.value };
    if (e.initial && !currentCounts) return;
    judge(e.value);
  });
  const onAbort = (): void => settle.reject(signal?.reason ?? new Error('stopped'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => settle.reject(new StateWaitTimeoutError(watched, attr, target, timeoutMs, command)), timeoutMs);
  let verifier: NodeJS.Timeout | undefined;
  let done = false;
  const read = telescope.read?.bind(telescope);
  const verify = (): void => {
    verifier = setTimeout(() => {
      void read!(watched, attr, { fresh: true })
        .then((r) => {
          if (!done && (currentCounts || !initial || r.value !== initial.value)) judge(r.value);
        }, () => undefined) // a failed read changes nothing: the events and the deadline still decide
        .finally(() => {
          if (!done) verify();
        });
    }, verifyEveryMs);
  };
  try {
    if (command !== undefined) await telescope.command(device, command, argin);
    if (read && verifyEveryMs > 0) verify();
    await reached;
  } finally {
    done = true;
    clearTimeout(verifier);
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
