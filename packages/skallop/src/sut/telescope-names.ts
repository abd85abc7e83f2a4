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

const pad2 = (i: number): string => String(i).padStart(2, '0');

/** The standard names: `ska_mid/tm_central/central_node`, `mid-csp/subarray/01`, `mid-dish/dish-manager/SKA001`... */
export function telescopeNames(telescope: TelescopeType, options: TelescopeNamesOptions = {}): TelescopeNames {
  const t = telescope;
  const subarrays = options.subarrays ?? (t === 'mid' ? 2 : 1);
  const dishCount = t === 'mid' ? (options.dishes ?? 4) : 0;
  const receptorId = (n: number): string => `SKA${String(n).padStart(3, '0')}`;
  const dish = (n: number): string => `mid-dish/dish-manager/${receptorId(n)}`;
  return {
    telescope,
    centralNode: `ska_${t}/tm_central/central_node`,
    cspController: `${t}-csp/control/0`,
    sdpController: `${t}-sdp/control/0`,
    mccsController: t === 'low' ? 'low-mccs/control/control' : undefined,
    subarrayIds: Array.from({ length: subarrays }, (_, i) => i + 1),
    dishes: Array.from({ length: dishCount }, (_, i) => dish(i + 1)),
    tmSubarray: (id) => `ska_${t}/tm_subarray_node/${id}`,
    cspSubarray: (id) => `${t}-csp/subarray/${pad2(id)}`,
    sdpSubarray: (id) => `${t}-sdp/subarray/${pad2(id)}`,
    dish,
    receptorId,
  };
}
