/**
 * Python's number parsing and printing, as the reference devices use them on the wire
 * (`int(s)`, `float(s)`, `str(x)`, `'%.6f' % x`).
 */

const INT_RE = /^\s*[+-]?\d(?:_?\d)*\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)\s*$/i;

/** `int(text)`, or undefined where Python raises `ValueError`. */
export function pyInt(text: string): number | undefined {
  if (!INT_RE.test(text)) return undefined;
  return Number(text.trim().replace(/_/g, ''));
}

/** `float(text)`, or undefined where Python raises `ValueError`. */
export function pyFloat(text: string): number | undefined {
  if (!FLOAT_RE.test(text)) return undefined;
  const t = text.trim().replace(/_/g, '').toLowerCase();
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  if (body.startsWith('inf')) return negative ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  return Number(t);
}

/** `str(x)` / `repr(x)` of a Python float. */
export function pyFloatStr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', expText = '0'] = value.toExponential().split('e');
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) out = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    else if (digits.length <= exponent + 1) out = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
    else out = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${out}` : out;
}

/** `f'{x:.{digits}f}'`: fixed notation with Python's round-half-even on exact ties. */
export function pyFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  let text = Math.abs(value) < 1e21 ? value.toFixed(digits) : BigInt(value).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '');
  // toFixed rounds exact ties away from zero; Python rounds them to even.
  const scaled = Math.abs(value) * 10 ** digits;
  if (Number.isFinite(scaled) && scaled < 2 ** 52 && scaled - Math.floor(scaled) === 0.5 && exactTie(Math.abs(value), digits)) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    const s = String(even).padStart(digits + 1, '0');
    text = (value < 0 ? '-' : '') + (digits > 0 ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s);
  }
  return text;
}

/** True when `value` written with `digits + 1` decimals ends in exactly 5 (a real tie, not float noise). */
function exactTie(value: number, digits: number): boolean {
  const precise = value.toFixed(Math.min(100, digits + 30));
  const tail = precise.slice(precise.indexOf('.') + digits + 1);
  return /^50*$/.test(tail);
}

/** `str(v)` for a value that is a Python int or float. */
export function pyStr(value: number, isFloat: boolean): string {
  return isFloat ? pyFloatStr(value) : String(value);
}

/** `str.split()` without arguments: runs of whitespace, no empty strings. */
export function pySplit(text: string): string[] {
  return text.split(/\s+/).filter((s) => s.length > 0);
}
