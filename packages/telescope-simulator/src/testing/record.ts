import { TelsimError, TelsimErrorCode } from '../errors.js';
import type { AttrEvent, DeviceAccess, Unsubscribe } from '../types.js';

/** `AttributeRecording.waitFor` saw no matching values before its deadline; `seen` holds what arrived. */
export class RecordingTimeoutError extends TelsimError {
  constructor(
    readonly device: string,
    readonly attr: string,
    readonly seen: unknown[],
    readonly timeoutMs: number,
  ) {
    super(TelsimErrorCode.RecordingTimeout, `timed out after ${timeoutMs} ms on ${device} ${attr}; saw ${JSON.stringify(seen)}`);
  }
}

/** The events of one attribute subscription, and a way to wait for the changes to match. */
export interface AttributeRecording {
  readonly events: AttrEvent[];
  /** The values of the change events (the initial event left out). */
  values(): unknown[];
  /** Resolves when `pred` holds over the recorded changes; rejects with `RecordingTimeoutError` after `timeoutMs` (default 2000). */
  waitFor(pred: (values: unknown[]) => boolean, timeoutMs?: number): Promise<void>;
  unsubscribe: Unsubscribe;
}

/** Subscribes to `device`/`attr` and records its events; `settle` (a harness's) runs before each wait. */
export async function recordAttribute(target: { access: DeviceAccess; settle?: () => void }, device: string, attr: string): Promise<AttributeRecording> {
  const events: AttrEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = await target.access.subscribe(device, attr, (e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  const values = () => events.filter((e) => !e.initial).map((e) => e.value);
  return {
    events,
    values,
    unsubscribe,
    waitFor(pred, timeoutMs = 2000) {
      target.settle?.();
      if (pred(values())) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new RecordingTimeoutError(device, attr, events.map((e) => e.value), timeoutMs));
        }, timeoutMs);
        function check() {
          if (!pred(values())) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
    },
  };
}
