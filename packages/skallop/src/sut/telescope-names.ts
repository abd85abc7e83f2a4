import { receptorName, telescopeNames as simulatorNames } from '@ska/telescope-simulator';
import type { TelescopeType } from '../env/telescope-type.js';

/** Device names of a telescope (TMC naming, as the SKA telescopes and the simulator use them). */
export interface TelescopeNames {
  readonly telescope: TelescopeType;
  readonly centralNode: string;
  readonly cspController: string;
  readonly sdpController: string;
  /** Low only; `undefined` on mid. */
  readonly mccsController: string | undefined;
  /** Ids of the subarrays the telescope has. */
  readonly subarrayIds: readonly number[];
  /** Mid dish managers (empty on low). */
  readonly dishes: readonly string[];
  tmSubarray(id: number): string;
  cspSubarray(id: number): string;
  sdpSubarray(id: number): string;
  /** Mid dish manager for receptor index `n` (1 is SKA001). */
  dish(n: number): string;
  /** Mid receptor id for index `n` (`SKA001`). */
  receptorId(n: number): string;
}

export interface TelescopeNamesOptions {
  subarrays?: number;
  dishes?: number;
}

/**
 * The standard names: `ska_mid/tm_central/central_node`, `mid-csp/subarray/01`, `mid-dish/dish-manager/SKA001`...
 * The naming itself comes from the telescope simulator, which implements the same TMC convention.
 */
export function telescopeNames(telescope: TelescopeType, options: TelescopeNamesOptions = {}): TelescopeNames {
  const base = simulatorNames(telescope);
  const subarrays = options.subarrays ?? (telescope === 'mid' ? 2 : 1);
  const dishCount = telescope === 'mid' ? (options.dishes ?? 4) : 0;
  return {
    ...base,
    subarrayIds: Array.from({ length: subarrays }, (_, i) => i + 1),
    dishes: Array.from({ length: dishCount }, (_, i) => base.dish(i + 1)),
    receptorId: receptorName,
  };
}
