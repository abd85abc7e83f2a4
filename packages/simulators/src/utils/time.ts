/**
 * Time helpers. `Date` has no microseconds, so an instant is a `bigint` of microseconds since the
 * Unix epoch (UTC); a `Date` is accepted wherever an instant is.
 */
export type UtcInstant = bigint;

/** `ACS_TO_UNIX_TIME`: 100-ns ticks per second (ACS times are in 10^-7 s). */
export const ACS_TO_UNIX_TIME = 10000000;

const US_PER_DAY = 86400000000n;

/** An instant from UTC calendar fields (month 1-12). */
export function utcInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0): UtcInstant {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC maps years 0-99 to 1900-1999; fix that for completeness.
  const fixed = year >= 0 && year < 100 ? new Date(ms).setUTCFullYear(year) : ms;
  return BigInt(fixed) * 1000n + BigInt(microsecond);
}

/** Converts a `Date` (millisecond precision) or passes an instant through. */
export function toInstant(date: Date | UtcInstant): UtcInstant {
  return typeof date === 'bigint' ? date : BigInt(date.getTime()) * 1000n;
}

/** The current instant (µs resolution from the high-resolution timer). */
export function nowInstant(): UtcInstant {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  dayMicros: bigint;
}

function fields(instant: UtcInstant): Fields {
  const days = floorDiv(instant, US_PER_DAY);
  const dayMicros = instant - days * US_PER_DAY;
  const date = new Date(Number(days) * 86400000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), dayMicros };
}

/** Microseconds since the previous UTC midnight. */
export function dayMicroseconds(date: Date | UtcInstant = nowInstant()): number {
  return Number(fields(toInstant(date)).dayMicros);
}

/** Python's `round()`: halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Milliseconds since the previous UTC midnight, banker's rounding (as the reference). */
export function dayMilliseconds(date: Date | UtcInstant = nowInstant()): number {
  return roundHalfEven(dayMicroseconds(date) / 1000);
}

/** A duration (the reference's `timedelta`). */
export interface Duration {
  seconds?: number;
  microseconds?: number;
}

/** Fraction of a day elapsed at `date` since midnight, or the length of a duration in days. */
export function dayPercentage(date: Date | UtcInstant | Duration = nowInstant()): number {
  if (typeof date === 'bigint' || date instanceof Date) return dayMicroseconds(date) / 86400000000;
  const totalSeconds = ((date.seconds ?? 0) * 1e6 + (date.microseconds ?? 0)) / 1e6;
  return (totalSeconds * 1000000) / 86400000000;
}

/** Modified Julian Date (Meeus day number plus the day fraction). */
export function mjd(date: Date | UtcInstant = nowInstant()): number {
  const instant = toInstant(date);
  if (instant < utcInstant(1858, 11, 17)) throw new RangeError('Provide a date after Nov 17 1858');
  const f = fields(instant);
  let { year, month } = f;
  if (month <= 2) {
    year -= 1;
    month += 12;
  }
  const a = Math.trunc(year / 100);
  const b = 2 - a + Math.trunc(a / 4);
  const c = Math.trunc(365.25 * year);
  const d = Math.trunc(30.6001 * (month + 1));
  const day = Math.trunc(b + c + d + f.day - 679006);
  return day + Number(f.dayMicros) / 86400000000;
}

/** The inverse of {@link mjd}: the fraction comes from the shortest decimal text, padded to 12 digits, rounded to µs. */
export function mjdToDate(value: number): UtcInstant {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError('Provide a non-negative floating-point number!');
  }
  const text = value.toString();
  if (/e/i.test(text)) throw new RangeError('Provide a non-negative floating-point number!');
  const [intText = '0', fracText = '0'] = text.split('.');
  let micro = roundHalfEven(Number(`0.${fracText.padEnd(12, '0')}`) * 86400000000);
  const jd = parseInt(intText, 10) + 2400000.5 + 0.5;
  const i = Math.trunc(jd);
  const frac = jd - i;
  const a = Math.trunc((i - 1867216.25) / 36524.25);
  const b = i + 1 + a - Math.trunc(a / 4);
  const c = b + 1524;
  const d = Math.trunc((c - 122.1) / 365.25);
  const e = Math.trunc(365.25 * d);
  const g = Math.trunc((c - e) / 30.6001);
  const day = Math.trunc(c - e + frac - Math.trunc(30.6001 * g));
  const month = g < 13.5 ? g - 1 : g - 13;
  const year = month > 2.5 ? d - 4716 : d - 4715;
  const second = Math.floor(micro / 1000000);
  micro -= second * 1000000;
  return utcInstant(year, month, day, 0, 0, second, micro);
}

/** UTC calendar fields of an instant (for formatting). */
export function instantFields(instant: UtcInstant): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
} {
  const f = fields(instant);
  const us = Number(f.dayMicros);
  const totalSeconds = Math.floor(us / 1000000);
  return {
    year: f.year,
    month: f.month,
    day: f.day,
    hour: Math.floor(totalSeconds / 3600),
    minute: Math.floor((totalSeconds % 3600) / 60),
    second: totalSeconds % 60,
    microsecond: us % 1000000,
  };
}

/** `%Y%m%d%H%M%S` of an instant. */
export function formatCompactUtc(instant: UtcInstant): string {
  const f = instantFields(instant);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(f.year, 4)}${p(f.month)}${p(f.day)}${p(f.hour)}${p(f.minute)}${p(f.second)}`;
}
