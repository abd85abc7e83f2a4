/**
 * Ends the child once stdout and stderr have handed everything written so far to the pipes: a
 * plain `process.exit` drops whatever is still queued (most of a burst of lines written just before
 * `main` returns). The wait is bounded, so a reader that never drains cannot keep the child alive.
 */
export function exitAfterFlush(code: number, maxWaitMs = 2000): void {
  let pending = 0;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  setTimeout(() => process.exit(code), maxWaitMs).unref();
  for (const stream of [process.stdout, process.stderr]) {
    pending++;
    // callbacks run in write order, so this one fires after every earlier write has been flushed
    stream.write('', done);
  }
}
