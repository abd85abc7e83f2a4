// The smallest TypeScript procedure (the twin of hello.js): runs as is, transpiled in the script's process.
import type { ScriptContext, ScriptInput } from '@ska/oet-server';

let subarray: number | string = 1;

export function init({ kwargs }: ScriptInput, ctx: ScriptContext): void {
  subarray = (kwargs.subarray_id as number | string | undefined) ?? 1;
  ctx.log.info({ subarray }, 'hello: ready');
}

export function main({ kwargs }: ScriptInput, ctx: ScriptContext): void {
  ctx.publish('user.script.announce', { msg: `Hello ${typeof kwargs.name === 'string' ? kwargs.name : 'world'} from subarray ${String(subarray)}` });
}
