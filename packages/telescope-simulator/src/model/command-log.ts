import type { CommandLogEntry } from '../types.js';
import { loggedArgin } from './logged-argin.js';

/** Bytes an entry costs besides its texts (time, keys, JSON punctuation). */
const ENTRY_OVERHEAD = 80;

/**
 * Every command sent to the simulator, accepted or not (oldest first), bounded by entry count and by
 * approximate size: the oldest entries are dropped in batches.
 */
export class CommandLog {
  private readonly entries: CommandLogEntry[] = [];
  /** Characters of each entry's logged texts plus a fixed cost per entry (the log's size bound). */
  private readonly entrySizes: number[] = [];
  private totalSize = 0;

  constructor(
    /** Entries kept (the oldest are dropped in batches once 10% over). */
    private readonly limit: number,
    /** Approximate size bound in bytes. */
    private readonly byteLimit: number,
  ) {}

  /** The entries, oldest first (copies). */
  list(): CommandLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries.length = 0;
    this.entrySizes.length = 0;
    this.totalSize = 0;
  }

  record(time: number, device: string, command: string, argin: unknown, outcome: string): void {
    // A bounded copy of the argument: a client must not grow the log (or break its serialisation) with huge or deep data.
    const { chars, ...logged } = loggedArgin(argin);
    const size = ENTRY_OVERHEAD + device.length + command.length + outcome.length + chars;
    this.entries.push({ time, device, command, ...logged, outcome });
    this.entrySizes.push(size);
    this.totalSize += size;
    // Trim in batches (a splice per command would be O(n) each time), by count and by size.
    if (this.entries.length > this.limit + Math.ceil(this.limit / 10) || this.totalSize > this.byteLimit) {
      let drop = Math.max(0, this.entries.length - this.limit);
      let total = this.totalSize;
      for (let i = 0; i < drop; i++) total -= this.entrySizes[i]!;
      while (drop < this.entries.length - 1 && total > this.byteLimit * 0.9) total -= this.entrySizes[drop++]!;
      this.entries.splice(0, drop);
      this.entrySizes.splice(0, drop);
      this.totalSize = total;
    }
  }
}
