import { ByteAccumulator } from './byte-accumulator.js';
import { DeviceError } from './device-error.js';
import type { ParseResult, Parser } from './types.js';

const CR = 0x0d;
const LF = 0x0a;

export interface CrLfLineParserOptions {
  /** Bytes a line may hold before its LF (its CR counts); one more drops the line with a `DeviceError`. */
  maxBytes: number;
  /** `'whole'` hands the line on with its CR LF; `'trimmed'` without leading and trailing CR/LF bytes. */
  text: 'whole' | 'trimmed';
  /** The `DeviceError` text for an overlong line (devices word it differently). */
  tooLongMessage: string;
}

/**
 * A parser for text protocols where only the pair CR LF ends a line, so a bare LF stays inside it (which `lineParser`,
 * ending lines on single bytes, cannot express). Linear and bounded: O(1) per byte, at most `maxBytes + 1` bytes held.
 */
export function crlfLineParser(onLine: (line: string) => ParseResult | Promise<ParseResult>, options: CrLfLineParserOptions): Parser {
  const line = new ByteAccumulator(options.maxBytes + 1);
  return {
    parse(byte) {
      line.push(byte);
      if (byte === LF && line.endsWithPair(CR, LF)) {
        const text = options.text === 'trimmed' ? line.textTrimmingCrLf() : line.text();
        line.clear();
        return onLine(text);
      }
      if (line.length > options.maxBytes) {
        line.clear();
        throw new DeviceError(options.tooLongMessage);
      }
      return true;
    },
  };
}
