// Shared by abort.js, restart.js and obsreset.js (not a script: it has no main). One recovery step on a
// subarray: send `command` and wait for obsState `target`, subscribed first so no transition slips by.
import { openTelescope, telescopeTarget } from './telescope.js';

/** The init kwarg subarray_id as a positive integer, or a clear error naming the script. */
export function subarrayIdFrom(kwargs, script) {
  const id = Number(kwargs.subarray_id);
  if (kwargs.subarray_id === undefined || kwargs.subarray_id === null || !Number.isInteger(id) || id < 1) {
    throw new Error(`${script}: subarray_id must be a positive integer, got ${String(kwargs.subarray_id)}`);
  }
  return id;
}

/**
 * Runs one step unless the subarray is already where it should be (`nothingToDo`); a subarray in the
 * step's `transient` state is only waited for. Without a telescope it announces what it would do.
 */
export async function telescopeStep(ctx, { subarrayId, telescopeUrl, timeoutMs, command, transient, target, nothingToDo, done }) {
  const say = (msg) => ctx.publish('user.script.announce', { msg });
  const where = telescopeTarget(telescopeUrl);
  if (!where) {
    say(`No telescope configured (TELESCOPE_SIM_URL is unset): nothing to ${command} on subarray ${subarrayId}`);
    return;
  }
  // HTTP or Tango (lib/telescope.js); the client is imported on use, so a script loads where there is no telescope
  const telescope = await openTelescope(where, ctx);
  try {
    const tm = telescope.names.tmSubarray(subarrayId);
    const obsState = (await telescope.read(tm, 'obsState')).value;
    if (nothingToDo.includes(obsState)) {
      say(`Subarray ${subarrayId} is ${String(obsState)}: no ${command} needed`);
      return;
    }
    const sendCommand = obsState !== transient;
    say(sendCommand ? `${command} on subarray ${subarrayId} (it was ${String(obsState)})` : `Subarray ${subarrayId} is ${transient}: waiting for ${target}`);
    const { commandAndWait } = await import('@ska/telescope-simulator/client');
    // only waiting (no command): the current obsState counts
    await commandAndWait(telescope, { device: tm, command: sendCommand ? command : undefined, target, signal: ctx.signal, timeoutMs });
    say(done);
  } finally {
    await telescope.close();
  }
}
