const BINARY = /^[01]*$/;

/** Flips the bits of `bits` where `mask` is 1 and clears them where it is 0 (mask left-padded with 1s or cut to its last bits). */
export function binaryComplement(bits: string, mask = ''): string {
  const fitted = mask.length > bits.length ? mask.slice(mask.length - bits.length) : '1'.repeat(bits.length - mask.length) + mask;
  let out = '';
  for (let i = 0; i < bits.length; i++) {
    const m = fitted[i];
    if (m === '1') {
      const b = bits[i];
      if (b === '0') out += '1';
      else if (b === '1') out += '0';
      else throw new RangeError(`String ${bits} is not expressed in binary notation.`);
    } else if (m === '0') out += '0';
    else throw new RangeError(`Mask ${fitted} is not expressed in binary notation.`);
  }
  return out;
}

function assertBinary(bits: string): void {
  if (!BINARY.test(bits) || bits.length === 0) throw new RangeError(`invalid literal for int() with base 2: '${bits}'`);
}

/** The signed value of a two's complement bit string (its length is the width). */
export function twosToInt(bits: string): number {
  assertBinary(bits);
  const value = BigInt(`0b${bits}`);
  const width = BigInt(bits.length);
  const negative = (value >> (width - 1n)) & 1n;
  return Number(negative ? value - (1n << width) : value);
}

/** Two's complement text of `value` over `nBytes` bytes. */
export function intToTwos(value: number, nBytes = 4): string {
  const nBits = 8 * nBytes;
  const min = -(2n ** BigInt(nBits - 1));
  const max = 2n ** BigInt(nBits - 1) - 1n;
  const v = BigInt(value);
  if (v < min || v > max) throw new RangeError(`${value} out of range (${min}, ${max}).`);
  return BigInt.asUintN(nBits, v).toString(2).padStart(nBits, '0');
}
