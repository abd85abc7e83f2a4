// The abort script (O-LIFE-3 in docs/reference/oet.md): `oet procedure stop` (PUT {"state":"STOPPED","abort":true}) stops
// a procedure, then the OET runs this file as a new procedure with init kwargs { subarray_id } of the
// stopped one and starts it as soon as it is READY.
//
// As OET's abort.py, it only aborts: it sends Abort to that subarray and waits for obsState ABORTED, then
// leaves the choice to the operator: restart.js (Restart -> EMPTY, resources freed) or obsreset.js
// (ObsReset -> IDLE, resources kept). A subarray already EMPTY or ABORTED needs nothing. Without a telescope
// (TELESCOPE_SIM_URL unset, as under `npm run rest`) it only announces the abort.
//
// `init` returns `{ main }`: the OET then runs that function as main (the port of abort.py's
// `main = functools.partial(_main, subarray_id)`); the exported main below only runs if init did not bind one.
import { subarrayIdFrom, telescopeStep } from './lib/subarray-steps.js';

export function init({ kwargs }, ctx) {
  const subarrayId = subarrayIdFrom(kwargs, 'abort');
  const telescopeUrl = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
  ctx.log.info({ subarray_id: subarrayId, telescope_url: telescopeUrl ?? null }, 'abort: prepared');
  return { main: (input, mainCtx) => abort(subarrayId, telescopeUrl, input, mainCtx) };
}

export function main() {
  throw new Error('abort: main called before init bound it');
}

async function abort(subarrayId, telescopeUrl, { kwargs }, ctx) {
  ctx.publish('subarray.abort', { subarray_id: subarrayId });
  await telescopeStep(ctx, {
    subarrayId,
    telescopeUrl,
    timeoutMs: Number(kwargs.timeout_s ?? 30) * 1000,
    command: 'Abort',
    transient: 'ABORTING',
    target: 'ABORTED',
    nothingToDo: ['EMPTY', 'ABORTED'],
    done: `Subarray ${subarrayId} is ABORTED: run restart.js to release its resources (EMPTY) or obsreset.js to keep them (IDLE)`,
  });
}
