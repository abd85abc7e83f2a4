import { componentLogger } from '@observatory/core';
import type { Logger } from '@observatory/core';
import type { TimeoutClock } from '@observatory/core';
import { systemClock } from '@observatory/core';
import { EarlyStopError, WaitTimeoutError } from '../errors.js';
import type { ExecSettings } from '../env/exec-settings.js';
import type { AttrEvent, EntryPoint } from '../sut/entry-point.js';
import { formatValue } from '../sut/values.js';
import type { EventPredicate, ToBeOptions } from './conditions.js';
import { Condition, conditionKey } from './conditions.js';
import { formatEventTable } from './event-table.js';
import type { RecordedEvent } from './recorded-event.js';
import type { TransitPathItem } from './transit-checker.js';
import { TransitChecker } from './transit-checker.js';

/** What a wait needs from the SUT. */
export type EventSource = Pick<EntryPoint, 'subscribe'> & Partial<Pick<EntryPoint, 'read' | 'readMode' | 'clock'>>;

export interface WaitBuilderOptions {
  /** Default: the source's own clock (e.g. a simulator's `ManualClock`), else the wall clock. */
  clock?: TimeoutClock;
  logger?: Logger;
  /** Defaults for `timeoutMs` and logging when a wait is not given them. */
  settings?: ExecSettings;
}

export interface WaitOptions {
  /** Total deadline from the start of the wait (not a gap between events). */
  timeoutMs?: number;
  settings?: ExecSettings;
}

export interface WaitResult {
  events: RecordedEvent[];
  /** The time-sorted event table. */
  table(): string;
  elapsedMs: number;
}

/** Builds conditions on one attribute; every method returns the builder so conditions chain. */
export class AttrConditions {
  constructor(
    private readonly builder: WaitBuilder,
    private readonly device: string,
    private readonly attr: string,
  ) {}

  /** The attribute reaches `value` (or one of a list). */
  toBe(value: unknown, options: ToBeOptions = {}): WaitBuilder {
    return this.add('toBe', value, { ignoreFirst: options.ignoreFirst ?? true, master: options.master ?? false });
  }

  /** Any change after subscribing. */
  toChange(): WaitBuilder {
    return this.add('toChange', undefined, {});
  }

  /** The values pass in this order (other values may come between). */
  toChangeInOrder(values: unknown[]): WaitBuilder {
    return this.add('toChangeInOrder', [...values], {});
  }

  until(predicate: EventPredicate, label?: string): WaitBuilder {
    return this.add('until', undefined, { predicate, label });
  }

  /** Records the attribute's events in the table without waiting on them. */
  observe(): WaitBuilder {
    return this.add('observe', undefined, {});
  }

  /** Stops the wait early with `EarlyStopError` when an event satisfies `predicate` (e.g. FAULT). */
  failIf(predicate: EventPredicate | string | number, label?: string): WaitBuilder {
    const pred: EventPredicate =
      typeof predicate === 'function' ? predicate : (e) => formatValue(this.attr, e.value) === formatValue(this.attr, predicate);
    return this.add('failIf', undefined, { predicate: pred, label: label ?? (typeof predicate === 'function' ? undefined : `value is ${formatValue(this.attr, predicate)}`) });
  }

  private add(kind: Condition['kind'], expected: unknown, o: { ignoreFirst?: boolean; master?: boolean; predicate?: EventPredicate; label?: string }): WaitBuilder {
    this.builder.addCondition(
      new Condition(this.device, this.attr, kind, expected, { ignoreFirst: o.ignoreFirst ?? true, master: o.master ?? false, predicate: o.predicate, label: o.label }),
    );
    return this.builder;
  }
}

/**
 * Declares what to wait for, then subscribes before acting so no event can be missed:
 * `await waitBuilder(ep).on(dev).attr('obsState').toBe('IDLE').around(() => ep.composeSubarray(...))`.
 */
export class WaitBuilder {
  readonly conditions: Condition[] = [];
  private readonly checkers: TransitChecker[] = [];
  readonly clock: TimeoutClock;
  readonly log: Logger;

  constructor(
    readonly source: EventSource,
    private readonly options: WaitBuilderOptions = {},
  ) {
    this.clock = options.clock ?? source.clock ?? systemClock;
    this.log = componentLogger(options.logger, 'skallop-wait');
  }

  on(device: string): { attr(name: string): AttrConditions } {
    return { attr: (name: string) => new AttrConditions(this, device, name) };
  }

  addCondition(c: Condition): this {
    this.conditions.push(c);
    return this;
  }

  /**
   * Records `subject`'s and each follower's `attr` so that, after the wait, the order of their transitions
   * can be asserted. Path items are values, or `[value, 'ahead' | 'behind']` for `assertOrder()`.
   */
  transitChecker(subject: string, attr: string, path: TransitPathItem[], followed: string[]): TransitChecker {
    const checker = new TransitChecker(this.source, subject, attr, path, followed);
    for (const device of [subject, ...followed]) this.on(device).attr(attr).observe();
    this.checkers.push(checker);
    return checker;
  }

  /** Subscribes to every attribute (initial events included); then act, then `wait()`. */
  async subscribe(options: WaitOptions = {}): Promise<PendingWait> {
    const pending = new PendingWait(this, this.checkers, this.options.settings, this.clock.now());
    await pending.start(this.deadlineOf(options));
    return pending;
  }

  /** Subscribes, runs `action`, then waits until every condition is met or the total deadline passes. */
  async around(action: () => unknown, options: WaitOptions = {}): Promise<WaitResult> {
    const start = this.clock.now();
    const timeoutMs = this.deadlineOf(options);
    const pending = new PendingWait(this, this.checkers, options.settings ?? this.options.settings, start);
    try {
      await pending.start(timeoutMs);
      await action();
      return await pending.wait({ ...options, timeoutMs: Math.max(0, timeoutMs - (this.clock.now() - start)) });
    } finally {
      pending.close();
    }
  }

  /** Waits without an action (e.g. for a state the SUT reaches on its own). */
  async wait(options: WaitOptions = {}): Promise<WaitResult> {
    return this.around(() => undefined, options);
  }

  deadlineOf(options: WaitOptions): number {
    return options.timeoutMs ?? options.settings?.timeoutMs ?? this.options.settings?.timeoutMs ?? 30_000;
  }
}

/** A wait whose subscriptions are open; `wait()` resolves when every condition is met. */
export class PendingWait {
  readonly events: RecordedEvent[] = [];
  private readonly byKey = new Map<string, RecordedEvent[]>();
  private readonly unsubscribers: Array<() => void> = [];
  private closed = false;
  private settle: ((err?: Error) => void) | undefined;
  private failure: Error | undefined;
  private masterMet = false;
  private readonly conditions: Condition[];

  constructor(
    private readonly builder: WaitBuilder,
    private readonly checkers: TransitChecker[],
    private readonly settings: ExecSettings | undefined,
    private readonly startedAt: number,
  ) {
    this.conditions = builder.conditions;
    for (const c of this.conditions) c.reset();
    for (const c of this.checkers) c.bind(this.events);
  }

  /** Opens every subscription and waits for each initial event (bounded by the deadline). */
  async start(timeoutMs: number): Promise<void> {
    const keys = [...new Map(this.conditions.map((c) => [c.key, c])).values()];
    const firstSeen = new Map<string, () => void>();
    const initials = keys.map((c) => new Promise<void>((resolve) => firstSeen.set(c.key, resolve)));
    const subscribed = keys.map(async (c) => {
      const unsubscribe = await this.builder.source.subscribe(c.device, c.attr, (e) => {
        this.onEvent(e);
        firstSeen.get(c.key)?.();
      });
      if (this.closed) unsubscribe();
      else this.unsubscribers.push(unsubscribe);
    });
    try {
      await this.bounded(Promise.all([...subscribed, ...initials]).then(() => undefined), timeoutMs, 'subscribing');
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Waits until every required condition is met, a master is met, or the deadline passes. */
  async wait(options: WaitOptions = {}): Promise<WaitResult> {
    const timeoutMs = options.timeoutMs ?? options.settings?.timeoutMs ?? this.settings?.timeoutMs ?? 30_000;
    try {
      for (;;) {
        this.throwIfFailed();
        if (!this.done()) await this.bounded(new Promise<void>((resolve, reject) => (this.settle = (err) => (err ? reject(err) : resolve()))), timeoutMs, 'waiting');
        this.throwIfFailed();
        if (await this.confirmed()) break;
      }
      return { events: this.events, table: () => formatEventTable(this.events), elapsedMs: this.builder.clock.now() - this.startedAt };
    } finally {
      this.close();
    }
  }

  table(): string {
    return formatEventTable(this.events);
  }

  /** Releases every subscription; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const u of this.unsubscribers.splice(0)) {
      try {
        u();
      } catch {
        // an unsubscribe failing must not hide the wait's own outcome
      }
    }
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private done(): boolean {
    return this.masterMet || this.conditions.every((c) => !c.required || c.met);
  }

  /** With `attrSynching`, re-reads each met `toBe` attribute; a stale match is unlatched and waited on again. */
  private async confirmed(): Promise<boolean> {
    if (!this.settings?.attrSynching || !this.builder.source.read || this.masterMet) return true;
    let ok = true;
    for (const c of this.conditions.filter((x) => x.kind === 'toBe')) {
      const reading = await this.builder.source.read(c.device, c.attr);
      if (!c.confirms(reading.value)) {
        c.unlatch();
        ok = false;
      }
    }
    return ok;
  }

  private onEvent(e: AttrEvent): void {
    if (this.closed) return;
    const key = conditionKey(e.device, e.attr);
    const history = this.byKey.get(key) ?? [];
    const rec: RecordedEvent = { ...e, index: this.events.length, receivedAt: this.builder.clock.now(), flags: new Set() };
    if (e.initial) rec.flags.add('i');
    if (e.error) rec.flags.add('E');
    for (const c of this.conditions) {
      if (c.key !== key) continue;
      const outcome = c.offer(rec, history);
      if (outcome === 'matched') {
        rec.flags.add('!');
        if (c.options.master) this.masterMet = true;
      } else if (outcome === 'fail' && !this.failure) {
        rec.flags.add('E');
        this.failure = new EarlyStopError(
          `wait stopped early: ${c.describe()} (${e.device} ${e.attr} = ${formatValue(e.attr, e.value)})\n\n${formatEventTable([...this.events, rec])}`,
          rec,
        );
      }
    }
    history.push(rec);
    this.byKey.set(key, history);
    this.events.push(rec);
    if (this.settings?.logEnabled) this.builder.log.info({ device: e.device, attr: e.attr, value: e.value, initial: e.initial ?? false }, 'event');
    if (e.failure && !this.failure && !this.done()) this.failure = e.failure;
    if (this.failure) this.settle?.(this.failure);
    else if (this.done()) this.settle?.();
  }

  private async bounded(p: Promise<void>, timeoutMs: number, phase: string): Promise<void> {
    const clock = this.builder.clock;
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(() => reject(this.timeoutError(timeoutMs, phase)), timeoutMs);
    });
    try {
      await Promise.race([p, timeout]);
    } finally {
      clock.clearTimeout(timer);
    }
  }

  private timeoutError(timeoutMs: number, phase: string): WaitTimeoutError {
    const open = this.conditions.filter((c) => c.required && !c.met);
    const unmet = open.map((c) => ({ condition: c.describe(), lastValue: c.lastValue }));
    const total = this.builder.clock.now() - this.startedAt;
    const lines = open.map((c) => `  - ${c.describe()} (last value: ${c.lastValue === undefined ? 'none received' : formatValue(c.attr, c.lastValue)})`);
    const message = `wait timed out after ${total} ms while ${phase}; ${unmet.length} unmet condition(s):\n${lines.join('\n')}\n\n${formatEventTable(this.events)}`;
    return new WaitTimeoutError(message, unmet, [...this.events], timeoutMs);
  }
}

/** Starts a wait on `source` (an `EntryPoint` or anything with `subscribe`). */
export function waitBuilder(source: EventSource, options: WaitBuilderOptions = {}): WaitBuilder {
  return new WaitBuilder(source, options);
}
