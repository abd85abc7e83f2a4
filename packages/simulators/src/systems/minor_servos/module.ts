import type { SimulatorModule } from '../../framework/index.js';
import { MinorServosSystem } from './minor-servos-system.js';

/** The SRT minor servos: PLC protocol on TCP 12800, VBrain reset endpoint on HTTP 12799. */
export const minorServos: SimulatorModule = {
  name: 'minor_servos',
  servers: [{ listen: 12800, http: 12799, transport: 'tcp' }],
  createSystem: ({ clock, options }) =>
    new MinorServosSystem({ clock, timerSeconds: typeof options['timerSeconds'] === 'number' ? options['timerSeconds'] : undefined }),
};
