import { DeviceError, lineParser, type Parser, type System } from '../../framework/index.js';
import { pyFloat, pyInt, pySplit } from '@discos/backend-protocol';

/** A SCPI-like local oscillator: `;`-separated commands, LF-terminated; setters are silent. */
export class GenericLoSystem implements System {
  /** A Python int: a `bigint` beyond 2^53, printed with all its digits. */
  power: number | bigint = 0;
  frequency = 0;
  rfOn = false;

  private readonly commands: Record<string, (params: string[]) => string | boolean> = {
    POWER: (p) => {
      if (p.length !== 2 || p[1] !== 'dBm') return false;
      const value = pyInt(p[0]!);
      if (value === undefined) return false;
      this.power = value;
      return true;
    },
    'POWER?': () => String(this.power),
    FREQ: (p) => {
      if (p.length !== 2 || p[1] !== 'MHZ') return false;
      const value = pyFloat(p[0]!);
      if (value === undefined) return false;
      this.frequency = value;
      return true;
    },
    'FREQ?': () => {
      if (!Number.isFinite(this.frequency)) throw new DeviceError('cannot convert frequency to an integer');
      return (BigInt(Math.trunc(this.frequency)) * 1000000n).toString();
    },
    'OUTP:STAT': (p) => {
      if (p.length !== 1 || (p[0] !== 'ON' && p[0] !== 'OFF')) return false;
      this.rfOn = p[0] === 'ON';
      return true;
    },
    'OUTP:STAT?': () => (this.rfOn ? '1' : '0'),
    'SYST:ERR?': () => '0,"No error"',
  };

  createParser(): Parser {
    return lineParser((line) => {
      const answers: string[] = [];
      for (const command of line.split(';')) {
        const args = pySplit(command);
        if (args.length < 1) continue;
        const run = Object.hasOwn(this.commands, args[0]!) ? this.commands[args[0]!] : undefined;
        if (!run) continue;
        const answer = run(args.slice(1));
        if (typeof answer === 'string') answers.push(answer);
      }
      return answers.length > 0 ? `${answers.join(';')}\n` : true;
    });
  }
}
