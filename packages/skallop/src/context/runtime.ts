import type { Logger } from '@observatory/core';
import type { TimeoutClock } from '@observatory/core';
import type { ExecEnv } from '../env/exec-env.js';
import type { EntryPoint, WaitRules } from '../sut/entry-point.js';

/** What every context of one test shares: the SUT, the environment, and what the test touched. */
export interface SkallopRuntime {
  entryPoint: EntryPoint;
  env: ExecEnv;
  rules: WaitRules;
  clock: TimeoutClock;
  logger: Logger;
  /** Recovery actions and other notes, in order (also sent to `annotate` when given). */
  annotations: string[];
  annotate?: (message: string) => unknown;
  /** Subarrays this test allocated or registered, recovered after a failed test. */
  touched: Set<number>;
}

export function note(rt: SkallopRuntime, message: string): void {
  rt.annotations.push(message);
  rt.logger.info(message);
  try {
    const r = rt.annotate?.(message);
    if (r instanceof Promise) r.catch(() => undefined);
  } catch {
    // annotating is best effort: a test that already finished cannot take annotations
  }
}
