// The abort script (spec §4, "Abort"): PUT {"state":"STOPPED","abort":true} stops a procedure, then
// runs this file as a new procedure with init kwargs { subarray_id } of the stopped one, started as
// soon as it is READY. It announces the abort of that subarray's activity; a telescope-control
// deployment replaces the body of main with the real abort command for the subarray.
let subarrayId;

export function init({ kwargs }, ctx) {
  subarrayId = kwargs.subarray_id;
  if (subarrayId === undefined || subarrayId === null) throw new Error('abort: subarray_id is required');
  ctx.log.info({ subarray_id: subarrayId }, 'abort: prepared');
}

export function main(_input, ctx) {
  ctx.publish('subarray.abort', { subarray_id: subarrayId, msg: `Aborting activity on subarray ${String(subarrayId)}` });
  ctx.log.info({ subarray_id: subarrayId }, 'abort: requested');
}
