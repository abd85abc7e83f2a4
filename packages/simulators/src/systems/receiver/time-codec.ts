import { instantFields, roundHalfEven, utcInstant } from '../../utils/index.js';

/** The 8-byte time: century, year in century, month, day, hour, minute, second, hundredths. */
export function timeBytes(us: number): number[] {
  const f = instantFields(BigInt(us));
  const year = String(f.year);
  return [
    Number(year.slice(0, 2)),
    Number(year.slice(2) || '0'),
    f.month,
    f.day,
    f.hour,
    f.minute,
    f.second,
    roundHalfEven(f.microsecond / 10000),
  ].map((v) => v & 0xff);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Parses the 8 time bytes as the reference does; undefined for an impossible date. */
export function parseTime(bytes: readonly number[]): number | undefined {
  const [b0, b1, month, day, hour, minute, second, hundredths] = bytes as [number, number, number, number, number, number, number, number];
  const year = Number(`${String(b0).padStart(2, '0')}${String(b1).padStart(2, '0')}`);
  if (!(year >= 1 && year <= 9999) || !(month >= 1 && month <= 12)) return undefined;
  const dim = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (!(day >= 1 && day <= dim) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Number(utcInstant(year, month, day, hour, minute, second, Math.min(hundredths * 10000, 999999)));
}
