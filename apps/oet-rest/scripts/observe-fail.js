// A failing observation: allocates a subarray, then sends a configuration the telescope rejects (a negative
// scan duration). The telescope's error fails the procedure (FAILED; `npx oet procedure describe` shows it
// under "Stack Trace"), and the `finally` releases the subarray first, so the telescope is left clean.
//
//   npx oet procedure create file://<repo>/apps/oet-rest/scripts/observe-fail.js
//   npx oet procedure start          # exits 1: "Configure: "tmc.scan_duration" must be a positive number ..."
import { commandAndWait, createTelescopeClient } from '@ska/telescope-simulator/client';

let subarrayId = 1;

export function init({ kwargs }) {
  subarrayId = Number(kwargs.subarray_id ?? 1);
}

export async function main({ kwargs }, ctx) {
  const url = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
  if (!url) throw new Error('No telescope: set TELESCOPE_SIM_URL (npm start does) or pass --telescope_url=http://127.0.0.1:5100');
  const say = (msg) => ctx.publish('user.script.announce', { msg });
  const telescope = await createTelescopeClient({ url, readViaPubsub: ctx.flags.read_via_pubsub });
  const { names } = telescope;
  const tm = names.tmSubarray(subarrayId);
  try {
    await untilAfter(telescope, { device: names.centralNode, command: 'TelescopeOn', attr: 'telescopeState', target: 'ON' });
    const assign =
      telescope.telescope === 'mid'
        ? { subarray_id: subarrayId, dish: { receptor_ids: ['SKA003'] } }
        : { subarray_id: subarrayId, mccs: { station_ids: [[3]] } };
    say(`Allocating subarray ${subarrayId}`);
    await untilAfter(telescope, { device: names.centralNode, command: 'AssignResources', argin: JSON.stringify(assign), watch: tm, target: 'IDLE' });
    say(`Configuring subarray ${subarrayId} with a scan duration of -1 s (the telescope will refuse it)`);
    await telescope.command(tm, 'Configure', JSON.stringify({ tmc: { scan_duration: -1 } }));
  } finally {
    if ((await telescope.read(tm, 'obsState')).value === 'IDLE') {
      say(`Releasing subarray ${subarrayId} before failing`);
      const release = JSON.stringify({ subarray_id: subarrayId, release_all: true });
      await untilAfter(telescope, { device: names.centralNode, command: 'ReleaseResources', argin: release, watch: tm, target: 'EMPTY' });
    }
    await telescope.close();
  }
}

/** Sends the command and waits for its target, unless the watched attribute is there already. */
async function untilAfter(telescope, step) {
  if ((await telescope.read(step.watch ?? step.device, step.attr ?? 'obsState')).value !== step.target) await commandAndWait(telescope, step);
}
