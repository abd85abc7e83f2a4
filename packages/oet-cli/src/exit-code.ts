import { ExitCode, ObservatoryError } from '@observatory/core';
import { CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';

const USAGE_CODES = new Set(['OET_CLI_USAGE', 'OET_CLI_AMBIGUOUS_PROCEDURE']);
const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** 0 for help and version, 2 for anything wrong on the command line, 1 for everything else. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (SUCCESS_CODES.has(err.code) && err.exitCode === 0) return ExitCode.Ok;
    return ExitCode.Usage;
  }
  if (err instanceof ObservatoryError && USAGE_CODES.has(err.code)) return ExitCode.Usage;
  return ExitCode.Failure;
}

/**
 * Prints what went wrong (commander has already printed its own errors) and returns the exit code.
 * Our typed errors print their message; anything else is a bug and shows its stack.
 */
export function reportError(err: unknown, io: Pick<CliIo, 'stderr'>): number {
  const code = exitCodeFor(err);
  if (err instanceof CommanderError) return code;
  if (err instanceof ObservatoryError) {
    io.stderr.write(`${code === ExitCode.Usage && !err.message.startsWith('WARNING') ? 'error: ' : ''}${err.message}\n`);
  } else {
    io.stderr.write(`oet: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  return code;
}
