// The smallest procedure: init remembers the subarray, main greets it.
let subarray = 1;

export function init({ kwargs }, ctx) {
  subarray = kwargs.subarray_id ?? 1;
  ctx.log.info({ subarray }, 'hello: ready');
}

export function main({ kwargs }, ctx) {
  ctx.publish('user.script.announce', { msg: `Hello ${kwargs.name ?? 'world'} from subarray ${subarray}` });
}
