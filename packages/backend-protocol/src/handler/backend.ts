import type { DiscosTime } from '../time/discos-time.js';
import type { ReplyArg } from '../values/python-number.js';

/** What a backend method returns: reply arguments (code `ok`), or nothing for a bare `ok`. */
export type BackendResult = readonly ReplyArg[] | void | undefined;
export type MaybePromise<T> = T | Promise<T>;

/** `'*'` in `set-section` means "unchanged". */
export type Unchanged = '*';
/** A converted integer argument: `bigint` beyond ±(2^53−1). */
export type IntArg = number | bigint;

/**
 * A backend behind `BackendProtocolHandler`: camelCase of the reference's methods. Arguments arrive
 * checked and converted. Throw `HandlerError` for a meaningful fail.
 */
export interface Backend {
  status(): MaybePromise<BackendResult>;
  getConfiguration(): MaybePromise<BackendResult>;
  setConfiguration(name: string): MaybePromise<BackendResult>;
  getIntegration(): MaybePromise<BackendResult>;
  setIntegration(ms: IntArg): MaybePromise<BackendResult>;
  getTpi(): MaybePromise<BackendResult>;
  getTp0(): MaybePromise<BackendResult>;
  time(): MaybePromise<BackendResult>;
  start(at?: DiscosTime): MaybePromise<BackendResult>;
  stop(at?: DiscosTime): MaybePromise<BackendResult>;
  setSection(
    section: IntArg | Unchanged,
    startFreq: number | Unchanged,
    bandwidth: number | Unchanged,
    feed: IntArg | Unchanged,
    mode: string,
    sampleRate: number | Unchanged,
    bins: IntArg | Unchanged,
  ): MaybePromise<BackendResult>;
  calOn(interleave: IntArg): MaybePromise<BackendResult>;
  setFilename(name: string): MaybePromise<BackendResult>;
  convertData(): MaybePromise<BackendResult>;
  setEnable(feed1: IntArg, feed2: IntArg): MaybePromise<BackendResult>;
  endSchedule(): MaybePromise<BackendResult>;
  park(): MaybePromise<BackendResult>;
  setShift(shift: IntArg): MaybePromise<BackendResult>;
  /** Optional: called when the server closes (e.g. to cancel timers). */
  dispose?(): void | Promise<void>;
}
