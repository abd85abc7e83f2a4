import { DeviceError } from './device-error.js';
import type { ParseResult, Parser } from './types.js';

export interface HeadedCommandParserOptions {
  /** Whether a byte may start a command; any other first byte is dropped (`parse` returns false). */
  isHeader(byte: number): boolean;
  /** Bytes that end a command. */
  terminators: readonly number[];
  /** Length (terminator included) a command must stay below; reaching it without a terminator drops the message. */
  maxLength: number;
  /** The `DeviceError` text for a message that reached `maxLength` (devices word it differently). */
  tooLongMessage: string;
}

/**
 * The short fixed-format command parser of the calibration multiplexer and IF distributors: a message starts with a
 * known header byte, ends with a terminator, and is short. `onCommand` gets the message without its terminator.
 */
export function headedCommandParser(
  onCommand: (command: string) => ParseResult | Promise<ParseResult>,
  options: HeadedCommandParserOptions,
): Parser {
  let msg = '';
  return {
    parse(byte) {
      msg += String.fromCharCode(byte);
      const isTail = options.terminators.includes(byte);
      if (msg.length === 1) {
        if (options.isHeader(byte)) return true;
        msg = '';
        return false;
      }
      if (msg.length < options.maxLength) {
        if (!isTail) return true;
      } else if (!isTail) {
        msg = '';
        throw new DeviceError(options.tooLongMessage);
      }
      const command = msg.slice(0, -1);
      msg = '';
      return onCommand(command);
    },
  };
}
