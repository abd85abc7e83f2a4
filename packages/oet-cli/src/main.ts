#!/usr/bin/env node
import { getEventListeners } from 'node:events';
import { processIo } from './cli-io.js';
import { reportError } from './exit-code.js';
import { buildProgram } from './program.js';

// Ctrl-C detaches a listening command (it watches the signal; exit 0); any other command, or a
// second Ctrl-C, exits at once with the shell's usual 130.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  const detachable = getEventListeners(interrupt.signal, 'abort').length > 0;
  interrupt.abort();
  if (!detachable) process.exit(130);
  process.once('SIGINT', () => process.exit(130));
});

// `oet listen | head` closes our stdout: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const io = processIo(interrupt.signal);
try {
  await buildProgram(io).parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err, io);
}
