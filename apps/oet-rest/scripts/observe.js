// An observing script: switches the telescope on, allocates a subarray, configures it, scans, ends and
// releases it, talking to the telescope simulator over HTTP (npm start sets TELESCOPE_SIM_URL) or over Tango
// (npm start -- --tango sets TELESCOPE_ACCESS=tango and TANGO_HOST; or --telescope_url=tango://host:port).
//
//   npx oet procedure create file://<repo>/apps/oet-rest/scripts/observe.js --subarray-id=1
//   npx oet procedure start --scan_duration=2 --scans=1
//
// init kwargs: subarray_id (default 1), telescope_url (default: Tango when TELESCOPE_ACCESS=tango, else env
// TELESCOPE_SIM_URL; see lib/telescope.js).
// main kwargs: scan_duration (seconds, default 2), scans (default 1), receptors (mid dish names or low
// station ids; default the first two), timeout_s (per step, default 30); sb_json and sbi_id when run as an
// activity of a scheduling block (apps/oet-rest/oda/sbd/*.json).
// Every step waits for the subarray's obsState by subscription, so the script never polls blindly (a read once a
// second only guards against a lost event); a stop (ctx.signal) ends the current wait at once.
import { readFileSync } from 'node:fs';
import { commandAndWait } from '@ska/telescope-simulator/client';
import { describeTarget, openTelescope, telescopeTarget } from './lib/telescope.js';

let subarrayId = 1;
let target;

export function init({ kwargs }, ctx) {
  subarrayId = Number(kwargs.subarray_id ?? ctx.subarrayId ?? 1);
  if (!Number.isInteger(subarrayId) || subarrayId < 1) throw new Error(`subarray_id must be a positive integer, got ${String(kwargs.subarray_id)}`);
  target = telescopeTarget(kwargs.telescope_url);
  if (!target) throw new Error('No telescope to observe with: set TELESCOPE_SIM_URL (npm start does) or pass --telescope_url=http://127.0.0.1:5100');
  ctx.log.info({ subarray_id: subarrayId, telescope_url: describeTarget(target) }, 'observe: prepared');
}

export async function main({ kwargs }, ctx) {
  const scanDuration = Number(kwargs.scan_duration ?? 2);
  const scans = Number(kwargs.scans ?? 1);
  const timeoutMs = Number(kwargs.timeout_s ?? 30) * 1000;
  if (!(scanDuration > 0)) throw new Error(`scan_duration must be a positive number of seconds, got ${String(kwargs.scan_duration)}`);
  if (!Number.isInteger(scans) || scans < 1) throw new Error(`scans must be a positive integer, got ${String(kwargs.scans)}`);

  const say = (msg) => ctx.publish('user.script.announce', { msg });
  // run as an activity (`npx oet activity run observe <sbd_id>`): the OET passes the SB and its instance
  if (kwargs.sbi_id) say(`Executing ${String(kwargs.sbi_id)} of ${sbdIdOf(kwargs.sb_json)}`);
  const telescope = await openTelescope(target, ctx);
  try {
    const { names } = telescope;
    const tm = names.tmSubarray(subarrayId);
    const step = (device, command, argin, attr, target, watched = device) =>
      commandAndWait(telescope, { device, command, argin, attr, target, watch: watched, failOn: ['FAULT'], signal: ctx.signal, timeoutMs: timeoutMs + scanDuration * 1000 });

    const obsState = (await telescope.read(tm, 'obsState')).value;
    if (obsState !== 'EMPTY') {
      throw new Error(`Subarray ${subarrayId} is ${String(obsState)}, not EMPTY: stop its activity first (npx oet procedure stop runs the abort script)`);
    }

    if ((await telescope.read(names.centralNode, 'telescopeState')).value !== 'ON') {
      say('Switching the telescope on');
      await step(names.centralNode, 'TelescopeOn', undefined, 'telescopeState', 'ON');
    }
    say(`Telescope is ON (${telescope.telescope})`);

    const resources = kwargs.receptors ?? (telescope.telescope === 'mid' ? ['SKA001', 'SKA002'] : [1, 2]);
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
  } finally {
    await telescope.close();
  }
}

/** The `sbd_id` in the SBDefinition file an activity hands to main (`sb_json`). */
function sbdIdOf(file) {
  try {
    return JSON.parse(readFileSync(String(file), 'utf8')).sbd_id ?? 'an unnamed SB';
  } catch {
    return 'an unreadable SB';
  }
}
