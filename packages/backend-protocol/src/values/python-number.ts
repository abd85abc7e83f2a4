/** Argument conversion and reply formatting that match Python's `int()`, `float()` and `repr()`. */

/** Characters Python's `str.strip()` removes within latin-1. */
// eslint-disable-next-line no-control-regex
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0]+$/g;
const INT_RE = /^[+-]?[0-9](?:_?[0-9])*$/;
const DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT_RE = new RegExp(`^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`, 'i');
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function pyStrip(text: string): string {
  return text.replace(PY_SPACE, '');
}

/** Parses like Python `int(text)` as a `bigint`; `undefined` when Python would raise. */
export function parsePythonBigInt(text: string): bigint | undefined {
  const t = pyStrip(text);
  if (!INT_RE.test(t)) return undefined;
  return BigInt(t.replaceAll('_', ''));
}

/**
 * Parses like Python `int(text)`: a `number`, or a `bigint` beyond ±(2^53−1); `undefined` when
 * Python would raise `ValueError`.
 */
export function parsePythonInt(text: string): number | bigint | undefined {
  const value = parsePythonBigInt(text);
  if (value === undefined) return undefined;
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);
}

/** Parses like Python `float(text)`; `undefined` when Python would raise `ValueError`. */
export function parsePythonFloat(text: string): number | undefined {
  const t = pyStrip(text);
  if (!FLOAT_RE.test(t)) return undefined;
  const lower = t.toLowerCase();
  const negative = lower.startsWith('-');
  const body = lower.replace(/^[+-]/, '');
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  return Number(t.replaceAll('_', ''));
}

/**
 * Formats a float as Python's `repr(float)`: shortest round-trip digits, fixed notation for decimal
 * exponents -4..15 (integral values get `.0`), otherwise `d.ddde±XX`; `nan`, `inf`, `-inf`.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    // Decimal exponent -4..15: JS prints the same shortest digits in fixed notation.
    const fixed = String(value);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  const exponential = value.toExponential();
  const at = exponential.indexOf('e');
  const exponent = Number(exponential.slice(at + 1));
  const mantissa = exponential.slice(0, at);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** A value a backend may return as a reply argument. */
export type ReplyArg = string | number | bigint;

/** Formats one reply argument as the reference's `str()` would: integers in decimal, other numbers as Python floats. */
export function formatReplyArg(value: ReplyArg): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  return formatPythonFloat(value);
}
