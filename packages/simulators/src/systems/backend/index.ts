import { multiTypeSystem, type SimulatorModule } from '../../framework/index.js';
import { GenericBackendSystem } from './generic-backend.js';
import { MistralSystem } from './mistral.js';

export { BACKEND_PROTOCOL_VERSION, GenericBackendSystem } from './generic-backend.js';
export { MistralSystem } from './mistral.js';

export const backend: SimulatorModule = {
  name: 'backend',
  servers: [
    { listen: 12801, transport: 'tcp', options: { type: 'sardara' } },
    { listen: 12802, transport: 'tcp', options: { type: 'mistral' } },
  ],
  createSystem: multiTypeSystem({
    types: {
      sardara: ({ clock }) => new GenericBackendSystem(clock, /^[A-Z0-9]/),
      mistral: ({ clock }) => new MistralSystem(clock),
    },
    defaultType: 'sardara',
  }),
  types: ['mistral', 'sardara'],
};
