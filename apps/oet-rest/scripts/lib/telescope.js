// Which telescope a script talks to, and a client for it (not a script: it has no main).
//
// - Over Tango when `telescope_url` is `tango://host:port` (a Tango database), or when the environment says so:
//   TELESCOPE_ACCESS=tango with TANGO_HOST (what `npm start -- --tango` gives every script). The client is
//   `@ska/telescope-simulator/tango`'s TangoTelescopeClient on `@observatory/tango`: ZMQ change events when the
//   OET's read_via_pubsub flag is true, polling otherwise. It drives real SKA TMC devices the same way.
// - Otherwise over the simulator's HTTP API (`telescope_url` http://..., or TELESCOPE_SIM_URL).
// Both clients have the same interface: names, telescope, read, subscribe (current value first), command, close.

/** `{ kind: 'tango', tangoHost, telescope }`, `{ kind: 'http', url }`, or undefined when nothing is configured. */
export function telescopeTarget(telescopeUrl, env = process.env) {
  const url = telescopeUrl === undefined || telescopeUrl === null ? undefined : String(telescopeUrl);
  const telescope = (env.TELESCOPE_TYPE ?? env.SKA_TELESCOPE ?? 'mid').toLowerCase().includes('low') ? 'low' : 'mid';
  if (url?.startsWith('tango://')) {
    const m = /^tango:\/\/([^/:]+:\d+)\/?$/.exec(url);
    if (!m) throw new Error(`telescope_url ${url} must be tango://host:port (the Tango database)`);
    return { kind: 'tango', tangoHost: m[1], telescope };
  }
  if (env.TELESCOPE_ACCESS === 'tango' && env.TANGO_HOST && (url === undefined || url === env.TELESCOPE_SIM_URL)) {
    return { kind: 'tango', tangoHost: env.TANGO_HOST, telescope };
  }
  const http = url ?? env.TELESCOPE_SIM_URL;
  return http ? { kind: 'http', url: http } : undefined;
}

/** A human-readable name of the target, for logs. */
export function describeTarget(target) {
  if (!target) return null;
  return target.kind === 'tango' ? `tango://${target.tangoHost} (${target.telescope})` : target.url;
}

/** Opens a client for the target, honouring the OET's read_via_pubsub flag. Close it when done. */
export async function openTelescope(target, ctx) {
  const readViaPubsub = Boolean(ctx.flags.read_via_pubsub);
  if (target.kind === 'tango') {
    // imported on use: scripts that never talk Tango do not load the Tango client
    const { createTangoTelescopeClient } = await import('@ska/telescope-simulator/tango');
    return createTangoTelescopeClient({ telescope: target.telescope, tangoHost: target.tangoHost, readViaPubsub });
  }
  const { createTelescopeClient } = await import('@ska/telescope-simulator/client');
  return createTelescopeClient({ url: target.url, readViaPubsub });
}
