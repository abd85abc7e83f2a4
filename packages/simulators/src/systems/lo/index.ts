import { multiTypeSystem, type ServerRow, type SimulatorModule } from '../../framework/index.js';
import { GenericLoSystem } from './generic-lo.js';
import { WLoSystem } from './w-lo.js';

export { GenericLoSystem } from './generic-lo.js';
export { WLoSystem } from './w-lo.js';

const generic = (listen: number): ServerRow => ({ listen, transport: 'tcp', options: { type: 'generic_LO' } });

export const lo: SimulatorModule = {
  name: 'lo',
  servers: [
    generic(12700), // C band
    generic(12701), // C low
    generic(12702), // K band
    { listen: 12703, transport: 'tcp', options: { type: 'w_LO' } },
    generic(12704), // KQW W high
    generic(12705), // KQW W low
    generic(12706), // KQW Q
  ],
  createSystem: multiTypeSystem({
    types: { generic_LO: () => new GenericLoSystem(), w_LO: () => new WLoSystem() },
    defaultType: 'generic_LO',
  }),
  types: ['generic_LO', 'w_LO'],
};
