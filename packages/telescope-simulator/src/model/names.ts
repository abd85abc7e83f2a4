import type { Telescope } from './telescope.js';

/** Device names of one telescope (Tango-style `domain/family/member`). */
export interface TelescopeNames {
  readonly telescope: Telescope;
  readonly centralNode: string;
  readonly cspController: string;
  readonly sdpController: string;
  /** Low only (undefined on mid). */
  readonly mccsController: string | undefined;
  tmSubarray(id: number): string;
  cspSubarray(id: number): string;
  sdpSubarray(id: number): string;
  /** Mid dish manager for receptor index `n` (1 → `mid-dish/dish-manager/SKA001`). */
  dish(n: number): string;
}

/** `1` → `SKA001`: the receptor name of a mid dish index. */
export function receptorName(n: number): string {
  return `SKA${String(n).padStart(3, '0')}`;
}

function two(id: number): string {
  return String(id).padStart(2, '0');
}

export function telescopeNames(telescope: Telescope): TelescopeNames {
  const t = telescope;
  return {
    telescope,
    centralNode: `ska_${t}/tm_central/central_node`,
    cspController: `${t}-csp/control/0`,
    sdpController: `${t}-sdp/control/0`,
    mccsController: t === 'low' ? 'low-mccs/control/control' : undefined,
    tmSubarray: (id) => `ska_${t}/tm_subarray_node/${id}`,
    cspSubarray: (id) => `${t}-csp/subarray/${two(id)}`,
    sdpSubarray: (id) => `${t}-sdp/subarray/${two(id)}`,
    dish: (n) => `mid-dish/dish-manager/${receptorName(n)}`,
  };
}
