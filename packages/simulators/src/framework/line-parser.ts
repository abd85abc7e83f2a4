import { DeviceError } from './device-error.js';
import type { ParseResult, Parser } from './types.js';

export interface LineParserOptions {
  /** Bytes ending a line (default `\n`). */
  terminators?: readonly number[];
  /** A line longer than this is dropped with a `DeviceError` (default 64 KiB). */
  maxBytes?: number;
}

/**
 * A parser for line-based text protocols: collects bytes until a terminator and hands the line
 * (latin-1, terminator excluded) to `onLine`, whose result follows the `parse()` contract.
 */
export function lineParser(onLine: (line: string) => ParseResult | Promise<ParseResult>, options: LineParserOptions = {}): Parser {
  const terminators = options.terminators ?? [0x0a];
  const single = terminators.length === 1 ? terminators[0] : undefined;
  const max = options.maxBytes ?? 65536;
  let buffer = Buffer.allocUnsafe(64);
  let length = 0;
  return {
    parse(byte) {
      if (single === undefined ? terminators.includes(byte) : byte === single) {
        const line = buffer.toString('latin1', 0, length);
        length = 0;
        return onLine(line);
      }
      if (length >= max) {
        length = 0;
        throw new DeviceError(`line longer than ${max} bytes`);
      }
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(max, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      buffer[length++] = byte;
      return true;
    },
  };
}
