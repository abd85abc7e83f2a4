import type { CliIo } from './cli-io.js';
import { reportError } from './exit-code.js';
import { buildProgram } from './program.js';

/** Runs `oet` with these words (no `node`/script prefix) and resolves with its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    return reportError(err, io);
  }
}
