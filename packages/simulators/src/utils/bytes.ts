/** Latin-1 bytes of a string (the reference's `*_string` twins work on these). */
export function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function ordered(bytes: Uint8Array, littleEndian: boolean): Uint8Array {
  return littleEndian ? Uint8Array.from(bytes).reverse() : bytes;
}

/** Bytes of a bit string: 8-bit chunks from the left (a short last chunk taken as is), reversed if little-endian. */
export function binaryToBytes(bits: string, littleEndian = true): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const chunk = bits.slice(i, i + 8);
    if (!/^[01]+$/.test(chunk)) throw new RangeError(`invalid literal for int() with base 2: '${chunk}'`);
    out.push(parseInt(chunk, 2) & 0xff);
  }
  if (littleEndian) out.reverse();
  return Buffer.from(out);
}

export function binaryToString(bits: string, littleEndian = true): string {
  return binaryToBytes(bits, littleEndian).toString('latin1');
}

function toBigUint(bytes: Uint8Array, littleEndian: boolean): bigint {
  let value = 0n;
  for (const byte of ordered(bytes, littleEndian)) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Signed integer of the bytes. */
export function bytesToInt(bytes: Uint8Array, littleEndian = true): number {
  if (bytes.length === 0) return 0;
  return Number(BigInt.asIntN(bytes.length * 8, toBigUint(bytes, littleEndian)));
}

export function stringToInt(text: string, littleEndian = true): number {
  return bytesToInt(latin1(text), littleEndian);
}

/** Unsigned integer of the bytes. */
export function bytesToUint(bytes: Uint8Array, littleEndian = true): number {
  return Number(toBigUint(bytes, littleEndian));
}

export function stringToUint(text: string, littleEndian = true): number {
  return bytesToUint(latin1(text), littleEndian);
}

/** Bit string of the bytes (reversed first if little-endian). */
export function bytesToBinary(bytes: Uint8Array, littleEndian = true): string {
  let out = '';
  for (const byte of ordered(bytes, littleEndian)) out += byte.toString(2).padStart(8, '0');
  return out;
}

export function stringToBinary(text: string, littleEndian = true): string {
  return bytesToBinary(latin1(text), littleEndian);
}

/** Signed integer as `nBytes` bytes; out of range throws `RangeError`. */
export function intToBytes(value: number, nBytes = 4, littleEndian = true): Buffer {
  const bits = BigInt(nBytes * 8);
  const v = BigInt(value);
  const min = -(1n << (bits - 1n));
  const max = (1n << (bits - 1n)) - 1n;
  if (v < min || v > max) throw new RangeError(`${value} out of range (${min}, ${max}).`);
  return fromBigUint(BigInt.asUintN(nBytes * 8, v), nBytes, littleEndian);
}

export function intToString(value: number, nBytes = 4, littleEndian = true): string {
  return intToBytes(value, nBytes, littleEndian).toString('latin1');
}

/** Unsigned integer as `nBytes` bytes; out of range throws `RangeError` `"<v> out of range (0, <max>)."`. */
export function uintToBytes(value: number, nBytes = 4, littleEndian = true): Buffer {
  const max = (1n << BigInt(nBytes * 8)) - 1n;
  const v = BigInt(value);
  if (v < 0n || v > max) throw new RangeError(`${value} out of range (0, ${max}).`);
  return fromBigUint(v, nBytes, littleEndian);
}

export function uintToString(value: number, nBytes = 4, littleEndian = true): string {
  return uintToBytes(value, nBytes, littleEndian).toString('latin1');
}

function fromBigUint(value: bigint, nBytes: number, littleEndian: boolean): Buffer {
  const out = Buffer.alloc(nBytes);
  let v = value;
  for (let i = nBytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return littleEndian ? out.reverse() : out;
}

/** IEEE-754 big-endian bytes: precision 1 = f32, 2 = f64. */
function packReal(value: number, precision: number): Buffer {
  if (precision === 1) {
    const out = Buffer.alloc(4);
    out.writeFloatBE(value);
    return out;
  }
  if (precision === 2) {
    const out = Buffer.alloc(8);
    out.writeDoubleBE(value);
    return out;
  }
  throw new RangeError(`Unknown precision ${precision}.`);
}

/** IEEE-754 bit string, big-endian (precision 1 = f32, 2 = f64). */
export function realToBinary(value: number, precision = 1): string {
  return bytesToBinary(packReal(value, precision), false);
}

export function realToBytes(value: number, precision = 1, littleEndian = true): Buffer {
  const packed = packReal(value, precision);
  return littleEndian ? packed.reverse() : packed;
}

export function realToString(value: number, precision = 1, littleEndian = true): string {
  return realToBytes(value, precision, littleEndian).toString('latin1');
}

/** Unpacks an IEEE-754 value (precision 1 = f32, 2 = f64). */
export function bytesToReal(bytes: Uint8Array, precision = 1, littleEndian = true): number {
  const be = Buffer.from(ordered(bytes, littleEndian));
  if (precision === 1) return be.readFloatBE(0);
  if (precision === 2) return be.readDoubleBE(0);
  throw new RangeError(`Unknown precision ${precision}.`);
}

export function stringToReal(text: string, precision = 1, littleEndian = true): number {
  return bytesToReal(latin1(text), precision, littleEndian);
}

/** `(~sum of bytes) & 0xFF`. */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const byte of bytes) sum += byte;
  return ~sum & 0xff;
}

/** The checksum of a latin-1 string, as a one-character string (`'fooo'` -> `'L'`). */
export function checksumString(text: string): string {
  return String.fromCharCode(checksum(latin1(text)));
}

/** -1, 0 or 1; a non-number throws `TypeError`. */
export function sign(value: number): -1 | 0 | 1 {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${String(value)} is not of a valid datatype. Use only int or float.`);
  }
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}
