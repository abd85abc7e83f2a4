/** DISCOS time: integer 100-ns ticks since 1970-01-01T00:00:00Z (unix seconds × 10^7, leap seconds ignored). */

export const TICKS_PER_SECOND = 10_000_000n;

/** First unix second after 9999-12-31T23:59:59Z: the reference's time type rejects anything from here on. */
const MAX_UNIX_SECONDS = 253_402_300_800n;
const MAX_TICKS = MAX_UNIX_SECONDS * TICKS_PER_SECOND;

/** A request timestamp as handed to a backend. */
export interface DiscosTime {
  readonly ticks: bigint;
  /** The same instant in unix seconds (float; sub-microsecond precision is lost). */
  readonly unixSeconds: number;
}

/** Ticks of a `Date` or of a unix time in seconds. */
export function toTicks(at: Date | number): bigint {
  if (at instanceof Date) return BigInt(at.getTime()) * 10_000n;
  if (!Number.isFinite(at)) throw new RangeError('time must be finite');
  // Work on the shortest decimal form so 1430922782.970883 gives ...9708830, not a binary-rounding neighbour.
  const text = String(at);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) {
    const whole = Math.floor(at);
    return BigInt(whole) * TICKS_PER_SECOND + BigInt(Math.round((at - whole) * 1e7));
  }
  const digits = (m[3] ?? '').padEnd(8, '0');
  let magnitude = BigInt(m[2]!) * TICKS_PER_SECOND + BigInt(digits.slice(0, 7));
  if (digits.charCodeAt(7) >= 53) magnitude += 1n; // round half up on the 8th decimal
  return m[1] === '-' ? -magnitude : magnitude;
}

/** The `DiscosTime` of a tick count. */
export function fromTicks(ticks: bigint): DiscosTime {
  const whole = ticks / TICKS_PER_SECOND;
  const fraction = ticks % TICKS_PER_SECOND;
  return { ticks, unixSeconds: Number(whole) + Number(fraction) / 1e7 };
}

/** Unix seconds now, with sub-millisecond resolution. */
export function unixNow(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** Ticks now. */
export function ticksNow(): bigint {
  return toTicks(unixNow());
}

/** True when a tick count is a time the reference accepts (not after 9999-12-31T23:59:59Z). */
export function isValidTicks(ticks: bigint): boolean {
  return ticks < MAX_TICKS && ticks > -MAX_TICKS;
}
