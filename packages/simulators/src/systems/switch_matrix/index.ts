import { DeviceError, lineParser, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { pyInt } from '@discos/backend-protocol';

const TAIL = '\r\n';
const CONFIGURATIONS: Readonly<Record<number, string>> = { 1: 'HBS', 2: 'VBS', 3: 'LBP', 4: 'UBP' };
/** Python's `\W+` on str: anything but letters, digits and underscore. */
const NON_WORD = /[^\p{L}\p{N}_]+/u;

/** The IF switch matrix: `set IF_switch_config=n` / `get IF_switch_config`. */
export class SwitchMatrixSystem implements System {
  /** A Python int (a `bigint` beyond 2^53). */
  configuration: number | bigint = 1;

  createParser(): Parser {
    return lineParser((line) => {
      const answers: string[] = [];
      for (const command of line.replace(/\r/g, '').split(';')) {
        const args = command.split(NON_WORD);
        if (args.length < 2) continue;
        const key = `${args[0]} ${args[1]}`;
        if (args.length > 2) {
          if (key !== 'set IF_switch_config' && key !== 'get IF_switch_config') throw new DeviceError(`unknown command ${key}`);
          if (key === 'get IF_switch_config') throw new DeviceError('get takes no argument');
          const value = pyInt(args[2]!);
          if (value === undefined) throw new DeviceError(`invalid configuration ${args[2]}`);
          this.configuration = value;
          return `ACK${TAIL}`;
        }
        if (key !== 'get IF_switch_config') throw new DeviceError(`unknown command ${key}`);
        const name = typeof this.configuration === 'number' ? CONFIGURATIONS[this.configuration] : undefined;
        if (name === undefined) throw new DeviceError(`configuration ${this.configuration} does not exist`);
        answers.push(`${this.configuration}:${name}${TAIL}`);
      }
      return answers.length > 0 ? answers.join(';') : true;
    });
  }
}

export const switchMatrix: SimulatorModule = {
  name: 'switch_matrix',
  servers: [{ listen: 13200, transport: 'tcp' }],
  createSystem: () => new SwitchMatrixSystem(),
};
