// A long-running script for stop tests. mode "busy" (default) blocks the event loop forever, so
// only the server's SIGKILL after the grace period ends it; mode "wait" waits for ctx.signal.
export async function main({ kwargs }, ctx) {
  if (kwargs.mode === 'wait') {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    return;
  }
  for (;;) {
    // busy loop on purpose
  }
}
