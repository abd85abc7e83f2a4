import type { ExecSettings } from '../env/exec-settings.js';
import type { StackableContext } from '../stack/stackable-context.js';
import type { SkallopRuntime } from './runtime.js';

/**
 * What a `SubarrayContext` needs from the telescope context that allocated it: the stacks it registers its
 * teardowns on, the runtime, and the readiness check before a configure. `TelescopeContext` implements it;
 * naming the interface here keeps the subarray module from importing the telescope module, which creates
 * subarrays (no import cycle).
 */
export interface SubarrayOwner extends StackableContext {
  readonly runtime: SkallopRuntime;
  ensureReady(target: { configure: number }, settings?: ExecSettings): Promise<void>;
}
