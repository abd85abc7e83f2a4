import { isPythonSpace } from './python-whitespace.js';

/**
 * Number parsing and printing with Python's exact semantics (`int()`, `float()`, `str()`/`repr()`, `'%.Nf'`), shared
 * by the backend grammar and every simulator so both read the wire as the Python originals do.
 */

/** Python 3.11+'s default `sys.int_max_str_digits`: `int(text)` in a base that is not a power of two fails beyond it. */
export const PYTHON_INT_MAX_STR_DIGITS = 4300;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DECIMAL_DIGIT = /\p{Nd}/u;

/** `int()`/`float()` trim only these after mapping other Unicode spaces to a space. */
function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** The value of a non-ASCII decimal digit: Unicode encodes them in contiguous runs of ten, 0 to 9. */
function decimalValue(codePoint: number): number | undefined {
  if (!DECIMAL_DIGIT.test(String.fromCodePoint(codePoint))) return undefined;
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/**
 * The ASCII text CPython's `int()` and `float()` really parse: non-ASCII whitespace becomes a space, non-ASCII
 * decimal digits become ASCII digits, any other non-ASCII character makes the text invalid; then only ASCII
 * whitespace is trimmed. So `\x85` and `\xa0` are accepted around a number but `\x1c`–`\x1f` are not, although
 * `str.strip()` removes them (checked against CPython 3.11).
 */
function numericText(text: string): string | undefined {
  let t = text;
  if (/[^\0-\x7f]/.test(t)) {
    let out = '';
    for (const char of t) {
      const code = char.codePointAt(0)!;
      if (code < 0x80) out += char;
      else if (isPythonSpace(code)) out += ' ';
      else {
        const digit = decimalValue(code);
        if (digit === undefined) return undefined;
        out += String(digit);
      }
    }
    t = out;
  }
  let start = 0;
  let end = t.length;
  while (start < end && isAsciiSpace(t.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(t.charCodeAt(end - 1))) end--;
  return t.slice(start, end);
}

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return lower - 0x61 + 10;
  return 99;
}

const PREFIXES: Readonly<Record<number, string>> = { 2: 'b', 8: 'o', 16: 'x' };

/**
 * Python `int(text, base)` as a `bigint`; `undefined` where Python raises `ValueError`: optional sign, ASCII (or
 * Unicode decimal) digits with single `_` between digits, the `0x`/`0o`/`0b` prefix in bases 16/8/2 (an `_` may
 * follow it), surrounding whitespace as described for `int()`, and at most {@link PYTHON_INT_MAX_STR_DIGITS}
 * digits in bases that are not powers of two.
 */
export function pyBigInt(text: string, base = 10): bigint | undefined {
  if (!Number.isInteger(base) || base < 2 || base > 36) throw new RangeError(`unsupported base ${base}`);
  const t = numericText(text);
  if (t === undefined) return undefined;
  let i = 0;
  const negative = t[i] === '-';
  if (negative || t[i] === '+') i++;
  const prefix = PREFIXES[base];
  let underscoreAllowed = false;
  if (prefix !== undefined && t[i] === '0' && t[i + 1]?.toLowerCase() === prefix) {
    i += 2;
    underscoreAllowed = true;
  }
  let digits = '';
  let expectDigit = true;
  for (; i < t.length; i++) {
    const code = t.charCodeAt(i);
    if (code === 0x5f) {
      if (!underscoreAllowed) return undefined;
      underscoreAllowed = false;
      expectDigit = true;
      continue;
    }
    if (digitValue(code) >= base) return undefined;
    digits += t[i];
    underscoreAllowed = true;
    expectDigit = false;
  }
  if (expectDigit) return undefined;
  if ((base & (base - 1)) !== 0 && digits.length > PYTHON_INT_MAX_STR_DIGITS) return undefined;
  let value: bigint;
  if (base === 10) value = BigInt(digits);
  else if (prefix !== undefined) value = BigInt(`0${prefix}${digits}`);
  else {
    value = 0n;
    const b = BigInt(base);
    for (let k = 0; k < digits.length; k++) value = value * b + BigInt(digitValue(digits.charCodeAt(k)));
  }
  return negative ? -value : value;
}

/**
 * Python `int(text, base)`: a `number`, or a `bigint` beyond ±(2^53−1) where a JS number would lose digits
 * (Python ints are unbounded); `undefined` where Python raises `ValueError`. Rules as {@link pyBigInt}.
 */
export function pyInt(text: string, base = 10): number | bigint | undefined {
  const value = pyBigInt(text, base);
  if (value === undefined) return undefined;
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);
}

/** The index after a digit part (`1`, `1_000`) starting at `i`, or -1. */
function digitPart(t: string, i: number): number {
  const isDigit = (k: number) => {
    const c = t.charCodeAt(k);
    return c >= 0x30 && c <= 0x39;
  };
  if (!isDigit(i)) return -1;
  let k = i + 1;
  for (;;) {
    if (isDigit(k)) k++;
    else if (t.charCodeAt(k) === 0x5f && isDigit(k + 1)) k += 2;
    else return k;
  }
}

/**
 * Python `float(text)`; `undefined` where Python raises `ValueError`. Accepts a sign, `12`, `1.`, `.5`, `1e3`,
 * `1E-3`, single `_` between digits, case-insensitive `inf`, `infinity` and `nan`, with whitespace as for `int()`;
 * rejects empty text and hex (so `Number()` alone is no substitute). Values round as Python's do (both round
 * correctly); overflow gives ±Infinity.
 */
export function pyFloat(text: string): number | undefined {
  const t = numericText(text);
  if (t === undefined) return undefined;
  let i = 0;
  const negative = t[i] === '-';
  if (negative || t[i] === '+') i++;
  const word = t.slice(i).toLowerCase();
  if (word === 'inf' || word === 'infinity') return negative ? -Infinity : Infinity;
  if (word === 'nan') return NaN;
  let k = digitPart(t, i);
  if (k >= 0) {
    i = k;
    if (t[i] === '.') {
      i++;
      k = digitPart(t, i);
      if (k >= 0) i = k;
    }
  } else if (t[i] === '.') {
    i = digitPart(t, i + 1);
    if (i < 0) return undefined;
  } else return undefined;
  if (t[i] === 'e' || t[i] === 'E') {
    i++;
    if (t[i] === '+' || t[i] === '-') i++;
    i = digitPart(t, i);
    if (i < 0) return undefined;
  }
  if (i !== t.length) return undefined;
  return Number(t.replaceAll('_', ''));
}

/** @deprecated Use {@link pyBigInt}; the same function. */
export const parsePythonBigInt: (text: string) => bigint | undefined = (text) => pyBigInt(text);
/** @deprecated Use {@link pyInt}; the same function. */
export const parsePythonInt: (text: string) => number | bigint | undefined = (text) => pyInt(text);
/** @deprecated Use {@link pyFloat}; the same function. */
export const parsePythonFloat: (text: string) => number | undefined = pyFloat;

/**
 * Python `str(int)`: decimal digits, exact for a `bigint` and for integral numbers of any size (`int(1e21)` prints
 * `1000000000000000000000`, where JS prints `1e+21`). Throws `TypeError` for a non-integral or non-finite number.
 */
export function formatPythonInt(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isInteger(value)) throw new TypeError(`${value} is not an integer`);
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/**
 * Formats a float as Python's `repr(float)` (and `str(float)`): shortest round-trip digits, fixed notation for
 * decimal exponents -4..15 (integral values get `.0`), otherwise `d.ddde±XX`; `nan`, `inf`, `-inf`.
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

/**
 * Python `'%.<digits>f' % value` (and `f'{value:.<digits>f}'`): fixed notation rounded on the exact binary
 * value, ties to even as Python does (JS `toFixed` rounds them away from zero); `-0.0` keeps its sign.
 */
export function formatPythonFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e21) return sign + BigInt(magnitude).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  const rounded = magnitude.toFixed(digits);
  // toFixed rounds on the exact binary value, so only exact ties differ: Python rounds them to even. A tie shows
  // within digits + 30 decimals (beyond a double's 17 significant digits of any value big enough to tie).
  const precise = magnitude.toFixed(Math.min(100, digits + 30));
  const point = precise.indexOf('.');
  const tail = precise.slice(point + digits + 1);
  if (!/^50*$/.test(tail)) return sign + rounded;
  const truncated = precise.slice(0, digits > 0 ? point + digits + 1 : point);
  const lastDigit = truncated.charCodeAt(truncated.length - 1) - 0x30;
  return sign + (lastDigit % 2 === 0 ? truncated : rounded);
}

/** A value a backend may return as a reply argument. */
export type ReplyArg = string | number | bigint;

/** Formats one reply argument as the reference's `str()` would: integers in decimal, other numbers as Python floats. */
export function formatReplyArg(value: ReplyArg): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || Number.isInteger(value)) return formatPythonInt(value);
  return formatPythonFloat(value);
}
