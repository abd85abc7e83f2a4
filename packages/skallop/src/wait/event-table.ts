import { formatValue } from '../sut/values.js';
import type { RecordedEvent } from './recorded-event.js';

export const TABLE_MAX_ROWS = 200;

/** Sorts by SUT time, then sequence number, then arrival. */
export function sortEvents(events: readonly RecordedEvent[]): RecordedEvent[] {
  return [...events].sort((a, b) => a.time - b.time || a.seq - b.seq || a.index - b.index);
}

const FLAG_ORDER = ['i', '!', 'E'] as const;

/**
 * A time-sorted, column-padded table of events (last `maxRows` rows, with a count of the omitted ones):
 * `time (UTC)  +ms  device  attr  value  flag`.
 */
export function formatEventTable(events: readonly RecordedEvent[], maxRows = TABLE_MAX_ROWS): string {
  const sorted = sortEvents(events);
  if (sorted.length === 0) return '(no events received)';
  const t0 = sorted[0]!.time;
  const shown = sorted.slice(-maxRows);
  const omitted = sorted.length - shown.length;
  const header = ['time (UTC)', '+ms', 'device', 'attr', 'value', 'flag'];
  const rows = shown.map((e) => [
    isoTime(e.time),
    String(Math.round(e.time - t0)),
    e.device,
    e.attr,
    e.error ? `error: ${e.error}` : formatValue(e.attr, e.value),
    FLAG_ORDER.filter((f) => e.flags.has(f)).join(''),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (omitted > 0) out.splice(1, 0, `(${omitted} earlier event(s) omitted)`);
  return out.join('\n');
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
