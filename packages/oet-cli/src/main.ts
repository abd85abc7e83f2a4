#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { reportError } from './exit-code.js';
import { buildProgram } from './program.js';

// Ctrl-C detaches listening commands (exit 0); a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

const io = processIo(interrupt.signal);
try {
  await buildProgram(io).parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err, io);
}
