const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Deadlines of many in-flight calls behind ONE timer: a `setTimeout`/`clearTimeout` pair per request costs more
 * than the rest of a loopback round trip's JavaScript. Entries are kept in insertion order; the timer is armed
 * for the earliest deadline and, when it fires, expires every due entry and re-arms for the next one. A call
 * that completes only deletes its map entry, so a burst of fast calls arms the timer once per timeout period.
 */
export class DeadlineQueue<K> {
  private readonly deadlines = new Map<K, number>();
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (ms, performance.now() clock). */
  private armedAt = Infinity;

  constructor(private readonly onExpire: (key: K) => void) {}

  get size(): number {
    return this.deadlines.size;
  }

  add(key: K, timeoutMs: number): void {
    const at = performance.now() + timeoutMs;
    this.deadlines.set(key, at);
    if (at < this.armedAt) this.arm(at);
  }

  delete(key: K): void {
    this.deadlines.delete(key);
  }

  clear(): void {
    this.deadlines.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedAt = at;
    // Clamped to setTimeout's maximum (longer delays would fire at once); fire() re-arms for what is left.
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - performance.now()))));
    // Never keeps the process alive by itself: whoever waits on a deadline holds a referenced handle (the
    // connection's socket), and toggling ref/unref per call costs two native calls on the hot path.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    // Timers may fire up to a millisecond early relative to performance.now(): treat that as due.
    const now = performance.now() + 1;
    let next = Infinity;
    const due: K[] = [];
    for (const [key, at] of this.deadlines) {
      if (at <= now) due.push(key);
      else if (at < next) next = at;
    }
    for (const key of due) this.deadlines.delete(key);
    if (next !== Infinity) this.arm(next);
    for (const key of due) this.onExpire(key);
  }
}
