import { multiTypeSystem, type SimulatorModule } from '../../framework/index.js';
import { Ifd14System } from './ifd-14-channels.js';
import { IfdSystem } from './ifd.js';

export { IfdSystem } from './ifd.js';
export { Ifd14System } from './ifd-14-channels.js';

export const ifDistributor: SimulatorModule = {
  name: 'if_distributor',
  servers: [
    { listen: 12000, transport: 'tcp', options: { type: 'IFD' } },
    { listen: 12001, transport: 'tcp', options: { type: 'IFD_14_channels' } },
  ],
  createSystem: multiTypeSystem({
    types: { IFD: () => new IfdSystem(), IFD_14_channels: () => new Ifd14System() },
    defaultType: 'IFD',
  }),
  types: ['IFD', 'IFD_14_channels'],
};
