// A TypeScript script: runs as is (transpiled in the script's process, no type check).
import type { ScriptContext, ScriptInput } from '@ska/oet-server';
import { setTimeout as sleep } from 'node:timers/promises';

let subarray: number | string = 1;

export function init({ kwargs }: ScriptInput, ctx: ScriptContext): void {
  subarray = (kwargs.subarray_id as number | string | undefined) ?? 1;
  ctx.log.info({ subarray }, 'observe: ready');
}

export async function main({ kwargs }: ScriptInput, ctx: ScriptContext): Promise<void> {
  const scans = Number(kwargs.scans ?? 2);
  for (let n = 1; n <= scans; n++) {
    ctx.publish('user.script.announce', { msg: `observing scan ${n} on subarray ${String(subarray)}` });
    await sleep(200, undefined, { signal: ctx.signal });
  }
}
