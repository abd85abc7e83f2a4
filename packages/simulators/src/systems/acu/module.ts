import type { SimulatorModule } from '../../framework/index.js';
import { AcuSystem } from './acu-system.js';

/** `acu`: commands on TCP 13000 (never answered), the 813-byte status every 100 ms on TCP 13001. */
export const acu: SimulatorModule = {
  name: 'acu',
  servers: [{ listen: 13000, send: 13001, transport: 'tcp' }],
  createSystem: ({ clock, options, logger }) =>
    new AcuSystem({
      clock,
      logger,
      samplingPeriodMs: typeof options['samplingPeriodMs'] === 'number' ? options['samplingPeriodMs'] : undefined,
    }),
};
