// Resets an ABORTED (or FAULT) subarray but keeps its resources: ObsReset -> RESETTING -> IDLE, ready to be
// configured again. Run it after abort.js to carry on with the same allocation:
//
//   npx oet procedure create file://$PWD/apps/oet-rest/scripts/obsreset.js --subarray-id=1
//   npx oet procedure start
//
// init kwargs: subarray_id (required), telescope_url (default env TELESCOPE_SIM_URL). main kwargs: timeout_s (30).
import { subarrayIdFrom, telescopeStep } from './lib/subarray-steps.js';

let subarrayId;
let telescopeUrl;

export function init({ kwargs }) {
  subarrayId = subarrayIdFrom(kwargs, 'obsreset');
  telescopeUrl = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
}

export async function main({ kwargs }, ctx) {
  await telescopeStep(ctx, {
    subarrayId,
    telescopeUrl,
    timeoutMs: Number(kwargs.timeout_s ?? 30) * 1000,
    command: 'ObsReset',
    transient: 'RESETTING',
    target: 'IDLE',
    nothingToDo: ['IDLE'],
    done: `Subarray ${subarrayId} is IDLE with its resources: configure it again or release them`,
  });
}
