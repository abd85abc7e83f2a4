import type { SimulatorModule } from '../framework/index.js';
// One import line per system (keep alphabetical).
import { activeSurface } from './active_surface/index.js';
import { acu } from './acu/index.js';
import { backend } from './backend/index.js';
import { calmux } from './calmux/index.js';
import { dbesm } from './dbesm/index.js';
import { gaia } from './gaia/index.js';
import { ifDistributor } from './if_distributor/index.js';
import { lo } from './lo/index.js';
import { minorServos } from './minor_servos/index.js';
import { mscu } from './mscu/index.js';
import { receiver } from './receiver/index.js';
import { solarAttenuator } from './solar_attenuator/index.js';
import { switchMatrix } from './switch_matrix/index.js';
import { totalpower } from './totalpower/index.js';
import { weatherStation } from './weather_station/index.js';

/**
 * Every simulator module by name. To add a system: import its module above and add one entry line
 * below; `list` and `start` pick it up.
 */
const MODULES: readonly SimulatorModule[] = [
  // One entry line per system (keep alphabetical).
  activeSurface,
  acu,
  backend,
  calmux,
  dbesm,
  gaia,
  ifDistributor,
  lo,
  minorServos,
  mscu,
  receiver,
  solarAttenuator,
  switchMatrix,
  totalpower,
  weatherStation,
];

const BY_NAME = new Map(MODULES.map((m) => [m.name, m]));

/** The module called `name`, or undefined. */
export function getSimulatorModule(name: string): SimulatorModule | undefined {
  return BY_NAME.get(name);
}

/** Every registered module, in code-point order of their names. */
export function simulatorModules(): SimulatorModule[] {
  return [...MODULES].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The available simulator names, sorted (the reference's `list_simulators()`). */
export function listSimulators(): string[] {
  return simulatorModules().map((m) => m.name);
}

/** The types of a MultiTypeSystem module (e.g. `lo` -> `generic_LO`, `w_LO`), sorted; empty for single-type modules. */
export function getMultitypeSystems(name: string): string[] {
  return [...(getSimulatorModule(name)?.types ?? [])].sort();
}
