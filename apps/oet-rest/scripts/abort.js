// The abort script (spec §4, "Abort"): `oet procedure stop` (PUT {"state":"STOPPED","abort":true}) stops
// a procedure, then the OET runs this file as a new procedure with init kwargs { subarray_id } of the
// stopped one and starts it as soon as it is READY.
//
// It aborts that subarray on the telescope simulator and restarts it: Abort -> ABORTED, Restart -> EMPTY
// (resources freed), waiting for each obsState by subscription. A subarray already EMPTY needs nothing; one
// already ABORTED or in FAULT is only restarted. Without a telescope (TELESCOPE_SIM_URL unset, as under
// `npm run rest`) it only announces the abort.

// Imported on use, so that the abort script loads (and completes) where there is no telescope to abort.
async function connect(url, readViaPubsub) {
  const { createTelescopeClient } = await import('@ska/telescope-simulator/client');
  return createTelescopeClient({ url, readViaPubsub });
}

let subarrayId;
let telescopeUrl;

export function init({ kwargs }, ctx) {
  subarrayId = Number(kwargs.subarray_id);
  if (kwargs.subarray_id === undefined || kwargs.subarray_id === null || !Number.isInteger(subarrayId) || subarrayId < 1) {
    throw new Error(`abort: subarray_id must be a positive integer, got ${String(kwargs.subarray_id)}`);
  }
  telescopeUrl = kwargs.telescope_url ?? process.env.TELESCOPE_SIM_URL;
  ctx.log.info({ subarray_id: subarrayId, telescope_url: telescopeUrl ?? null }, 'abort: prepared');
}

export async function main({ kwargs }, ctx) {
  const say = (msg) => ctx.publish('user.script.announce', { msg });
  ctx.publish('subarray.abort', { subarray_id: subarrayId });
  if (!telescopeUrl) {
    say(`No telescope configured (TELESCOPE_SIM_URL is unset): nothing to abort on subarray ${subarrayId}`);
    return;
  }
  const timeoutMs = Number(kwargs.timeout_s ?? 30) * 1000;
  const telescope = await connect(telescopeUrl, ctx.flags.read_via_pubsub);
  try {
    const tm = telescope.names.tmSubarray(subarrayId);
    const step = (command, target) => commandAndWait(telescope, { device: tm, command, attr: 'obsState', target, signal: ctx.signal, timeoutMs });
    let obsState = (await telescope.read(tm, 'obsState')).value;
    if (obsState === 'EMPTY') {
      say(`Subarray ${subarrayId} is EMPTY: nothing to abort`);
      return;
    }
    if (obsState === 'ABORTING' || obsState === 'RESTARTING') {
      const target = obsState === 'ABORTING' ? 'ABORTED' : 'EMPTY';
      say(`Subarray ${subarrayId} is ${obsState}: waiting for ${target}`);
      await waitFor(telescope, { device: tm, attr: 'obsState', target, signal: ctx.signal, timeoutMs });
      if (target === 'EMPTY') return;
      obsState = 'ABORTED';
    }
    if (obsState !== 'ABORTED' && obsState !== 'FAULT') {
      say(`Aborting subarray ${subarrayId} (it was ${String(obsState)})`);
      await step('Abort', 'ABORTED');
      say(`Subarray ${subarrayId} is ABORTED`);
    }
    say(`Restarting subarray ${subarrayId}`);
    await step('Restart', 'EMPTY');
    say(`Subarray ${subarrayId} is EMPTY: its resources are free again`);
  } finally {
    await telescope.close();
  }
}

/** Subscribes, sends the command, and resolves on the first change of `attr` to `target` after it. */
async function commandAndWait(telescope, { device, command, argin, attr, target, signal, timeoutMs }) {
  const pending = await subscribeUntil(telescope, { device, attr, target, signal, timeoutMs, what: command });
  try {
    await telescope.command(device, command, argin);
    await pending.reached;
  } finally {
    await pending.close();
  }
}

async function waitFor(telescope, { device, attr, target, signal, timeoutMs }) {
  const pending = await subscribeUntil(telescope, { device, attr, target, signal, timeoutMs, what: 'waiting', acceptCurrent: true });
  try {
    await pending.reached;
  } finally {
    await pending.close();
  }
}

// The first event of a subscription is the current value: skipped unless `acceptCurrent`.
async function subscribeUntil(telescope, { device, attr, target, signal, timeoutMs, what, acceptCurrent = false }) {
  signal.throwIfAborted();
  let settle;
  const reached = new Promise((resolve, reject) => (settle = { resolve, reject }));
  reached.catch(() => undefined);
  const unsubscribe = await telescope.subscribe(device, attr, (e) => {
    if (e.initial && !acceptCurrent) return;
    if (e.value === target) settle.resolve();
  });
  const onAbort = () => settle.reject(signal.reason ?? new Error('stopped'));
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => settle.reject(new Error(`${what}: ${device} did not reach ${attr} ${target} within ${timeoutMs} ms`)), timeoutMs);
  return {
    reached,
    close: async () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      await unsubscribe();
    },
  };
}
