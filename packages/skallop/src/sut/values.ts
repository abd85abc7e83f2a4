import { OBS_STATES } from '@ska/telescope-simulator';

// One obsState enum, the telescope simulator's: names by enum value (EMPTY 0 ... RESTARTING 10).
export { OBS_STATES, type ObsState } from '@ska/telescope-simulator';

/** Tango DevState names by enum value. */
export const DEV_STATES = [
  'ON',
  'OFF',
  'CLOSE',
  'OPEN',
  'INSERT',
  'EXTRACT',
  'MOVING',
  'STANDBY',
  'FAULT',
  'INIT',
  'RUNNING',
  'ALARM',
  'DISABLE',
  'UNKNOWN',
] as const;

const ENUMS: Record<string, readonly string[]> = {
  obsState: OBS_STATES,
  state: DEV_STATES,
  telescopeState: DEV_STATES,
};

/** A display and comparison form: enum attributes become their names, whatever form the SUT sent. */
export function valueName(attr: string, value: unknown): unknown {
  const names = ENUMS[attr];
  if (names && typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return names[value];
  if (names && typeof value === 'string') return value.toUpperCase();
  if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name.toUpperCase();
  return value;
}

/** Equality that treats an enum's number and name as the same value. */
export function sameValue(attr: string, a: unknown, b: unknown): boolean {
  const x = valueName(attr, a);
  const y = valueName(attr, b);
  if (x === y) return true;
  if (typeof x === 'object' && typeof y === 'object' && x !== null && y !== null) return JSON.stringify(x) === JSON.stringify(y);
  return false;
}

/** True when `value` equals `expected`, or one of `expected` when it is a list of alternatives. */
export function matchesAny(attr: string, value: unknown, expected: unknown): boolean {
  return Array.isArray(expected) ? expected.some((e) => sameValue(attr, value, e)) : sameValue(attr, value, expected);
}

export function formatValue(attr: string, value: unknown): string {
  const v = valueName(attr, value);
  if (typeof v === 'string') return v;
  if (v === undefined) return '-';
  return JSON.stringify(v) ?? typeof v;
}
