import { PollingModeError, TransitOrderError } from '../errors.js';
import type { EntryPoint } from '../sut/entry-point.js';
import { sameValue, formatValue } from '../sut/values.js';
import { formatEventTable } from './event-table.js';
import type { RecordedEvent } from './recorded-event.js';

/** A value on the subject's path, optionally marked: the subject must be `ahead` of (or `behind`) every follower. */
export type TransitValue = string | number;
export type TransitPathItem = TransitValue | [TransitValue, 'ahead' | 'behind'];

/**
 * Checks, after a wait, that a subject device (e.g. the TM subarray) passed each value ahead of or behind its
 * followers (CSP, SDP). Order is the SUT's event order (sequence number, then time, then arrival).
 */
export class TransitChecker {
  private events: readonly RecordedEvent[] = [];

  constructor(
    source: Partial<Pick<EntryPoint, 'readMode'>>,
    readonly subject: string,
    readonly attr: string,
    readonly path: TransitPathItem[],
    readonly followed: string[],
  ) {
    if (source.readMode === 'polling') throw new PollingModeError('a transit checker');
  }

  /** Called by the wait: the live list of its recorded events. */
  bind(events: readonly RecordedEvent[]): void {
    this.events = events;
  }

  assertAheadOfAll(value: TransitValue): void {
    this.assertRelative(value, 'ahead');
  }

  assertBehindAll(value: TransitValue): void {
    this.assertRelative(value, 'behind');
  }

  /** Asserts the subject went through the path in order, and every marked item's ahead/behind relation. */
  assertOrder(): void {
    const values = this.path.map((p) => (isMarked(p) ? p[0] : p));
    const seen = this.transitions(this.subject);
    let pos = 0;
    for (const e of seen) if (pos < values.length && sameValue(this.attr, e.value, values[pos])) pos++;
    // the first path item may be the value the subject already had when the wait started
    if (pos < values.length) {
      throw new TransitOrderError(
        `${this.subject} ${this.attr} did not pass ${values.map((v) => formatValue(this.attr, v)).join(' -> ')} in order\n\n${this.rows()}`,
      );
    }
    for (const p of this.path) if (isMarked(p)) this.assertRelative(p[0], p[1]);
  }

  private assertRelative(value: unknown, relation: 'ahead' | 'behind'): void {
    const mine = this.first(this.subject, value);
    if (!mine) throw new TransitOrderError(`${this.subject} never reported ${this.attr} ${formatValue(this.attr, value)}\n\n${this.rows()}`);
    for (const other of this.followed) {
      const theirs = this.first(other, value);
      if (!theirs) throw new TransitOrderError(`${other} never reported ${this.attr} ${formatValue(this.attr, value)}\n\n${this.rows()}`);
      const ok = relation === 'ahead' ? before(mine, theirs) : before(theirs, mine);
      if (!ok) {
        throw new TransitOrderError(
          `${this.subject} was not ${relation} of ${other} on ${this.attr} ${formatValue(this.attr, value)}\n\n${this.rows()}`,
        );
      }
    }
  }

  private transitions(device: string): RecordedEvent[] {
    return this.events.filter((e) => e.device === device && e.attr === this.attr && !e.error).sort(compare);
  }

  private first(device: string, value: unknown): RecordedEvent | undefined {
    return this.transitions(device).find((e) => !e.initial && sameValue(this.attr, e.value, value));
  }

  private rows(): string {
    const devices = new Set([this.subject, ...this.followed]);
    return formatEventTable(this.events.filter((e) => devices.has(e.device) && e.attr === this.attr));
  }
}

function isMarked(p: TransitPathItem): p is [TransitValue, 'ahead' | 'behind'] {
  return Array.isArray(p) && p.length === 2 && (p[1] === 'ahead' || p[1] === 'behind');
}

function compare(a: RecordedEvent, b: RecordedEvent): number {
  return a.seq - b.seq || a.time - b.time || a.index - b.index;
}

function before(a: RecordedEvent, b: RecordedEvent): boolean {
  return compare(a, b) < 0;
}
