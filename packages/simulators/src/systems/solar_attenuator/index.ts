import { DeviceError, lineParser, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { pySplit } from '@discos/backend-protocol';

const TAIL = '\r\n';
const ACK = `ACK${TAIL}`;

/** The W-band solar attenuator: `;`-separated `set W_*` / `get W_mode` commands, lines ended by LF. */
export class SolarAttenuatorSystem implements System {
  mode = '';
  home = 1;

  private readonly commands: Record<string, () => string> = {
    'set W_home': () => {
      this.home = 1;
      return ACK;
    },
    'set W_solar_attn': () => this.setMode('Attenuator'),
    'set W_cal': () => this.setMode('Calibrator'),
    'set W_passthrough': () => this.setMode('Pass-through'),
    'get W_mode': () => this.mode + TAIL,
  };

  private setMode(mode: string): string {
    this.mode = mode;
    return ACK;
  }

  createParser(): Parser {
    return lineParser((line) => {
      const answers: string[] = [];
      for (const command of line.split(';')) {
        const args = pySplit(command);
        if (args.length < 2) continue;
        const key = `${args[0]} ${args[1]}`;
        const run = Object.hasOwn(this.commands, key) ? this.commands[key] : undefined;
        if (!run) throw new DeviceError(`unknown command ${key}`);
        answers.push(run());
      }
      return answers.length > 0 ? answers.join(';') : true;
    });
  }
}

export const solarAttenuator: SimulatorModule = {
  name: 'solar_attenuator',
  servers: [{ listen: 13100, transport: 'tcp' }],
  createSystem: () => new SolarAttenuatorSystem(),
};
