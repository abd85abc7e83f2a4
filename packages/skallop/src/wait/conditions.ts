import { formatValue, matchesAny, sameValue } from '../sut/values.js';
import type { RecordedEvent } from './recorded-event.js';

export interface ToBeOptions {
  /** Ignore the subscription's first event (the value at subscription time). Default true. */
  ignoreFirst?: boolean;
  /** When this condition is met the whole wait ends, whatever the others show. Default false. */
  master?: boolean;
}

export type EventPredicate = (event: RecordedEvent, history: readonly RecordedEvent[]) => boolean;

export type ConditionKind = 'toBe' | 'toChange' | 'toChangeInOrder' | 'until' | 'observe' | 'failIf';

/** One condition on one attribute of one device. Once met it stays met (latched). */
export class Condition {
  met = false;
  lastValue: unknown = undefined;
  private progress = 0;

  constructor(
    readonly device: string,
    readonly attr: string,
    readonly kind: ConditionKind,
    readonly expected: unknown,
    readonly options: { ignoreFirst: boolean; master: boolean; predicate?: EventPredicate; label?: string },
  ) {
    if (kind === 'observe') this.met = true;
  }

  get key(): string {
    return conditionKey(this.device, this.attr);
  }

  /** Conditions that must be met for the wait to succeed. */
  get required(): boolean {
    return this.kind !== 'observe' && this.kind !== 'failIf';
  }

  describe(): string {
    const where = `${this.device} ${this.attr}`;
    switch (this.kind) {
      case 'toBe':
        return `${where} to be ${Array.isArray(this.expected) ? `one of ${this.expected.map((v) => formatValue(this.attr, v)).join(', ')}` : formatValue(this.attr, this.expected)}${this.options.ignoreFirst ? '' : ' (current value counts)'}`;
      case 'toChange':
        return `${where} to change`;
      case 'toChangeInOrder':
        return `${where} to change in order ${(this.expected as unknown[]).map((v) => formatValue(this.attr, v)).join(' -> ')} (seen ${this.progress})`;
      case 'until':
        return `${where} until ${this.options.label ?? 'predicate'}`;
      case 'observe':
        return `${where} (observed)`;
      case 'failIf':
        return `${where} fail if ${this.options.label ?? 'predicate'}`;
    }
  }

  /**
   * Offers an event (of this condition's attribute) and its history (earlier events of the same attribute,
   * oldest first). Returns 'matched' when this event met the condition, 'fail' for a `failIf` hit.
   */
  offer(e: RecordedEvent, history: readonly RecordedEvent[]): 'matched' | 'fail' | 'none' {
    if (!e.error) this.lastValue = e.value;
    if (this.kind === 'failIf') return this.options.predicate!(e, history) ? 'fail' : 'none';
    if (this.met || e.error) return 'none';
    switch (this.kind) {
      case 'toBe':
        if (e.initial && this.options.ignoreFirst) return 'none';
        return this.latch(matchesAny(this.attr, e.value, this.expected));
      case 'toChange': {
        const prev = history.filter((h) => !h.error).at(-1);
        return this.latch(!e.initial && prev !== undefined && !sameValue(this.attr, prev.value, e.value));
      }
      case 'toChangeInOrder': {
        if (e.initial) return 'none';
        const seq = this.expected as unknown[];
        if (sameValue(this.attr, e.value, seq[this.progress])) this.progress++;
        return this.latch(this.progress >= seq.length);
      }
      case 'until':
        return this.latch(this.options.predicate!(e, history));
      default:
        return 'none';
    }
  }

  /** For `attrSynching`: whether a fresh reading still satisfies a met `toBe`. */
  confirms(value: unknown): boolean {
    return this.kind !== 'toBe' || matchesAny(this.attr, value, this.expected);
  }

  unlatch(): void {
    this.met = false;
  }

  /** Back to the unmet state, so that one builder can be waited on again. */
  reset(): void {
    this.met = this.kind === 'observe';
    this.progress = 0;
    this.lastValue = undefined;
  }

  private latch(hit: boolean): 'matched' | 'none' {
    if (!hit) return 'none';
    this.met = true;
    return 'matched';
  }
}

export function conditionKey(device: string, attr: string): string {
  return `${device}\u0000${attr}`;
}
