import type { TimeoutClock, TimerHandle } from '@observatory/core';

/** One state change of a plan, `at` ms after the plan starts; `rank` orders changes due together. */
export interface Step {
  at: number;
  rank: number;
  run: () => void;
}

/** A running plan: cancel it to drop its remaining steps. */
export interface RunningPlan {
  cancel(): void;
  readonly done: boolean;
}

/**
 * Runs steps on the clock, one timer per group of steps due at the same (time, rank), chained so each
 * group is its own tick even at zero delay (transients are separate events from final states).
 */
export function runPlan(clock: TimeoutClock, steps: Step[], onDone?: () => void): RunningPlan {
  const sorted = steps.map((s, i) => ({ ...s, i })).sort((a, b) => a.at - b.at || a.rank - b.rank || a.i - b.i);
  const groups: Step[][] = [];
  for (const s of sorted) {
    const last = groups.at(-1);
    if (last && last[0]!.at === s.at && last[0]!.rank === s.rank) last.push(s);
    else groups.push([s]);
  }
  let handle: TimerHandle | undefined;
  let pending = false;
  const plan = { done: false, cancel };
  function cancel() {
    if (pending) clock.clearTimeout(handle);
    pending = false;
    plan.done = true;
  }
  function next(index: number, prevAt: number) {
    const group = groups[index];
    if (!group) {
      plan.done = true;
      onDone?.();
      return;
    }
    pending = true;
    handle = clock.setTimeout(() => {
      pending = false;
      for (const step of group) {
        if (plan.done) return;
        step.run();
      }
      if (!plan.done) next(index + 1, group[0]!.at);
    }, group[0]!.at - prevAt);
  }
  next(0, 0);
  return plan;
}
