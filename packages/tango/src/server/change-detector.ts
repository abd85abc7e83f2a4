import { changeThreshold, configNumber } from './attribute-config.js';
import type { AttrReadResult } from './device.js';

function elements(r: AttrReadResult): ArrayLike<unknown> | undefined {
  if (!r.data) return undefined;
  // Only the read part matters for change detection (the set point follows it in READ_WRITE reads).
  const n = r.data.dimY > 0 ? r.data.dimX * r.data.dimY : r.data.dimX;
  const d = r.data.data as ArrayLike<unknown> & { subarray?: (a: number, b: number) => ArrayLike<unknown> };
  return d.length === n ? d : typeof d.subarray === 'function' ? d.subarray(0, n) : Array.prototype.slice.call(d, 0, n);
}

function errorKey(r: AttrReadResult): string {
  return r.errors.map((e) => `${e.reason}\u0000${e.desc}`).join('\u0001');
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === 'object' && a && typeof b === 'object' && b) {
    const ea = a as { encoded_format?: string; encoded_data?: Uint8Array };
    const eb = b as { encoded_format?: string; encoded_data?: Uint8Array };
    return ea.encoded_format === eb.encoded_format && Buffer.compare(Buffer.from(ea.encoded_data ?? []), Buffer.from(eb.encoded_data ?? [])) === 0;
  }
  return false;
}

/**
 * Whether `next` differs from `prev` enough for a change (or archive) event, by cppTango's rules: a
 * different quality, an error appearing/changing/disappearing, a different size, or for numbers a delta
 * beyond `abs` or a relative delta (%) beyond `rel`; other types on any difference. Numeric attributes with
 * neither threshold never fire on value alone.
 */
export function isChange(prev: AttrReadResult | undefined, next: AttrReadResult, absSetting: string, relSetting: string): boolean {
  if (!prev) return true;
  if (prev.quality !== next.quality) return true;
  if (errorKey(prev) !== errorKey(next)) return true;
  const a = elements(prev);
  const b = elements(next);
  if (!a || !b) return a !== b;
  if (a.length !== b.length) return true;
  const abs = changeThreshold(absSetting);
  const rel = changeThreshold(relSetting);
  const first = b[0];
  const numeric = typeof first === 'number' || typeof first === 'bigint';
  const isStateOrBool = next.type === 'DevState' || next.type === 'DevBoolean' || next.type === 'DevString' || next.type === 'DevEncoded';
  if (!numeric || isStateOrBool) {
    for (let i = 0; i < b.length; i++) if (!sameValue(a[i], b[i])) return true;
    return false;
  }
  if (!abs && !rel) return false;
  for (let i = 0; i < b.length; i++) {
    const x = Number(a[i]);
    const y = Number(b[i]);
    if (Number.isNaN(x) !== Number.isNaN(y)) return true;
    const delta = y - x;
    if (abs && (delta >= abs.up || delta <= -abs.down)) return true;
    if (rel) {
      const pct = x === 0 ? (delta === 0 ? 0 : Infinity * Math.sign(delta)) : (delta * 100) / Math.abs(x);
      if (pct >= rel.up || pct <= -rel.down) return true;
    }
  }
  return false;
}

/** Whether change events are possible at all for a numeric attribute (cppTango's API_EventPropertiesNotSet). */
export function changeConfigured(r: { type: string }, abs: string, rel: string): boolean {
  if (['DevState', 'DevBoolean', 'DevString', 'DevEncoded', 'DevEnum'].includes(r.type)) return true;
  return changeThreshold(abs) !== undefined || changeThreshold(rel) !== undefined;
}

/** Per-attribute memory of what was last sent, deciding change/archive/periodic events on each poll. */
export class ChangeTracker {
  private lastChange: AttrReadResult | undefined;
  private lastArchive: AttrReadResult | undefined;
  private lastArchiveAt = -Infinity;
  private lastPeriodicAt = -Infinity;

  /** Events due for this new reading at time `now` (ms). */
  evaluate(r: AttrReadResult, now: number): Array<'change' | 'archive' | 'periodic'> {
    const out: Array<'change' | 'archive' | 'periodic'> = [];
    const cfg = r.config.event_prop;
    if (isChange(this.lastChange, r, cfg.ch_event.abs_change, cfg.ch_event.rel_change)) {
      this.lastChange = r;
      out.push('change');
    }
    const archivePeriod = configNumber(cfg.arch_event.period);
    const archiveDue = archivePeriod !== undefined && now - this.lastArchiveAt >= archivePeriod;
    if (archiveDue || isChange(this.lastArchive, r, cfg.arch_event.abs_change, cfg.arch_event.rel_change)) {
      this.lastArchive = r;
      this.lastArchiveAt = now;
      out.push('archive');
    }
    const period = configNumber(cfg.per_event.period) ?? 1000;
    // A little slack so a poll period equal to the event period fires every time despite timer jitter.
    if (now - this.lastPeriodicAt >= period * 0.95) {
      this.lastPeriodicAt = now;
      out.push('periodic');
    }
    return out;
  }

  /** Forget the last sent values (after a re-subscription the first event is always sent). */
  reset(): void {
    this.lastChange = undefined;
    this.lastArchive = undefined;
  }
}
