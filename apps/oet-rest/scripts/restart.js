// Restarts an ABORTED (or FAULT) subarray: Restart -> RESTARTING -> EMPTY, its resources released.
// Run it after abort.js when the observation is over:
//
//   npx oet procedure create file://$PWD/apps/oet-rest/scripts/restart.js --subarray-id=1
//   npx oet procedure start
//
// init kwargs: subarray_id (required), telescope_url (default env TELESCOPE_SIM_URL). main kwargs: timeout_s (30).
import { subarrayIdFrom, telescopeStep } from './lib/subarray-steps.js';

let subarrayId;
let telescopeUrl;

export function init({ kwargs }) {
  subarrayId = subarrayIdFrom(kwargs, 'restart');
  telescopeUrl = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
}

export async function main({ kwargs }, ctx) {
  await telescopeStep(ctx, {
    subarrayId,
    telescopeUrl,
    timeoutMs: Number(kwargs.timeout_s ?? 30) * 1000,
    command: 'Restart',
    transient: 'RESTARTING',
    target: 'EMPTY',
    nothingToDo: ['EMPTY'],
    done: `Subarray ${subarrayId} is EMPTY: its resources are free again`,
  });
}
