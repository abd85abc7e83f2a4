// Publishes one `user.script.announce` event per scan and waits between scans; stops promptly
// when the procedure is stopped (the wait listens to ctx.signal).
// main kwargs: scans (default 3), interval_ms (default 500).
import { setTimeout as sleep } from 'node:timers/promises';

let subarray = 1;

export function init({ kwargs }) {
  subarray = kwargs.subarray_id ?? 1;
}

export async function main({ kwargs }, ctx) {
  const scans = Number(kwargs.scans ?? 3);
  const interval = Number(kwargs.interval_ms ?? 500);
  for (let n = 1; n <= scans; n++) {
    ctx.publish('user.script.announce', { msg: `scan ${n} of ${scans} on subarray ${subarray}` });
    ctx.publish('scan.progress', { scan: n, of: scans, subarray_id: subarray });
    await sleep(interval, undefined, { signal: ctx.signal });
  }
}
