// The TypeScript twin of observe.js: switches the telescope on, allocates a subarray, configures it, scans,
// ends and releases it on the telescope simulator (npm start sets TELESCOPE_SIM_URL; over Tango when
// TELESCOPE_ACCESS=tango with TANGO_HOST, as `npm start -- --tango` sets, or --telescope_url=tango://host:port). The OET transpiles it
// in the script's process (no type check there; `npm run typecheck` checks it).
//
//   npx oet procedure create file://<repo>/apps/oet-rest/scripts/observe.ts --subarray-id=2
//   npx oet procedure start --scan_duration=2 --scans=2
//
// init kwargs: subarray_id (default 1), telescope_url (default env TELESCOPE_SIM_URL).
// main kwargs: scan_duration (seconds, default 2), scans (default 1), receptors, timeout_s (per step, default 30).
import type { ScriptContext, ScriptInput } from '@ska/oet-server';
import { commandAndWait, createTelescopeClient, type DeviceAccess } from '@ska/telescope-simulator/client';

let subarrayId = 1;
let telescopeUrl = '';

/** The Tango database when this run talks Tango (the same rule as lib/telescope.js). */
function tangoHostFor(url: string): string | undefined {
  if (url.startsWith('tango://')) return url.slice('tango://'.length).replace(/\/$/, '');
  return process.env.TELESCOPE_ACCESS === 'tango' && url === process.env.TELESCOPE_SIM_URL ? process.env.TANGO_HOST : undefined;
}

async function openTelescope(ctx: ScriptContext): Promise<DeviceAccess & { close(): Promise<void> }> {
  const tangoHost = tangoHostFor(telescopeUrl);
  if (!tangoHost) return createTelescopeClient({ url: telescopeUrl, readViaPubsub: ctx.flags.read_via_pubsub });
  const { createTangoTelescopeClient } = await import('@ska/telescope-simulator/tango');
  const telescope = (process.env.TELESCOPE_TYPE ?? 'mid') === 'low' ? 'low' : 'mid';
  return createTangoTelescopeClient({ telescope, tangoHost, readViaPubsub: ctx.flags.read_via_pubsub });
}

export function init({ kwargs }: ScriptInput, ctx: ScriptContext): void {
  subarrayId = Number(kwargs.subarray_id ?? ctx.subarrayId ?? 1);
  if (!Number.isInteger(subarrayId) || subarrayId < 1) throw new Error(`subarray_id must be a positive integer, got ${String(kwargs.subarray_id)}`);
  const url = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
  if (typeof url !== 'string' || url === '') {
    throw new Error('No telescope to observe with: set TELESCOPE_SIM_URL (npm start does) or pass --telescope_url=http://127.0.0.1:5100');
  }
  telescopeUrl = url;
  ctx.log.info({ subarray_id: subarrayId, telescope_url: telescopeUrl }, 'observe: prepared');
}

export async function main({ kwargs }: ScriptInput, ctx: ScriptContext): Promise<void> {
  const scanDuration = Number(kwargs.scan_duration ?? 2);
  const scans = Number(kwargs.scans ?? 1);
  const timeoutMs = Number(kwargs.timeout_s ?? 30) * 1000 + scanDuration * 1000;
  if (!(scanDuration > 0)) throw new Error(`scan_duration must be a positive number of seconds, got ${String(kwargs.scan_duration)}`);
  if (!Number.isInteger(scans) || scans < 1) throw new Error(`scans must be a positive integer, got ${String(kwargs.scans)}`);

  const telescope = await openTelescope(ctx);
  try {
    await observe(telescope, kwargs, ctx, { scanDuration, scans, timeoutMs });
  } finally {
    await telescope.close();
  }
}

async function observe(
  telescope: DeviceAccess,
  kwargs: ScriptInput['kwargs'],
  ctx: ScriptContext,
  { scanDuration, scans, timeoutMs }: { scanDuration: number; scans: number; timeoutMs: number },
): Promise<void> {
  const say = (msg: string): void => ctx.publish('user.script.announce', { msg });
  const { names } = telescope;
  const tm = names.tmSubarray(subarrayId);
  const step = (device: string, command: string, argin: unknown, attr: string, target: string, watched = device): Promise<void> =>
    commandAndWait(telescope, { device, command, argin, attr, target, watch: watched, failOn: ['FAULT'], signal: ctx.signal, timeoutMs });

  const obsState = (await telescope.read(tm, 'obsState')).value;
  if (obsState !== 'EMPTY') {
    throw new Error(`Subarray ${subarrayId} is ${String(obsState)}, not EMPTY: stop its activity first (npx oet procedure stop runs the abort script)`);
  }

  if ((await telescope.read(names.centralNode, 'telescopeState')).value !== 'ON') {
    say('Switching the telescope on');
    await step(names.centralNode, 'TelescopeOn', undefined, 'telescopeState', 'ON');
  }
  say(`Telescope is ON (${telescope.telescope})`);

  const resources = (kwargs.receptors as Array<string | number> | undefined) ?? (telescope.telescope === 'mid' ? ['SKA001', 'SKA002'] : [1, 2]);
  const assign =
    telescope.telescope === 'mid'
      ? { subarray_id: subarrayId, dish: { receptor_ids: resources }, sdp: { execution_block: { eb_id: `eb-oet-${ctx.procedureId}` } } }
      : { subarray_id: subarrayId, mccs: { station_ids: [resources] } };
  say(`Allocating ${resources.join(', ')} to subarray ${subarrayId}`);
  await step(names.centralNode, 'AssignResources', JSON.stringify(assign), 'obsState', 'IDLE', tm);
  say(`Subarray ${subarrayId} is IDLE with ${resources.join(', ')}`);

  say(`Configuring subarray ${subarrayId} for ${scanDuration} s scans`);
  await step(tm, 'Configure', JSON.stringify({ tmc: { scan_duration: scanDuration } }), 'obsState', 'READY');
  say(`Subarray ${subarrayId} is READY`);

  for (let n = 1; n <= scans; n++) {
    say(`Scan ${n} of ${scans}: scanning for ${scanDuration} s`);
    // SCANNING, then READY again once the scan duration has passed.
    await step(tm, 'Scan', JSON.stringify({ scan_id: n }), 'obsState', 'READY');
    say(`Scan ${n} of ${scans} done`);
  }

  say(`Ending the scheduling block on subarray ${subarrayId}`);
  await step(tm, 'End', undefined, 'obsState', 'IDLE');
  say(`Releasing the resources of subarray ${subarrayId}`);
  await step(names.centralNode, 'ReleaseResources', JSON.stringify({ subarray_id: subarrayId, release_all: true }), 'obsState', 'EMPTY', tm);
  say(`Observation complete: subarray ${subarrayId} is EMPTY`);
}
