import { ByteAccumulator, DeviceError, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { pyInt, pyLStrip, pySplit } from '@discos/backend-protocol';

/** Text frames without a length rule are capped at 64 KiB (D-SIM-7). */
const MAX_MESSAGE = 65536;
const FIRMWARE = 'GAIA Simulator Rev. 1.0.0 / 2022.02.08.1';
const BOARD_NAME = 'GAIASIMBOARD';

/** Command -> number of arguments (before the trailing command id). */
const ARGUMENTS: Readonly<Record<string, number>> = {
  '*IDN?': 0,
  LOADCONF: 1,
  'CONF?': 0,
  SETD: 2,
  SETG: 2,
  SETSG: 1,
  SETSD: 1,
  SETSGZ: 1,
  SETSDZ: 1,
  SAVECPU: 1,
  RESETD: 1,
  RESETG: 1,
  SAVE: 1,
  SETDF: 1,
  SETGF: 1,
  GETEF: 1,
  ENABLE: 1,
  DISABLE: 1,
  GETVG: 1,
  GETVD: 1,
  GETID: 1,
  GETREF: 1,
  GETEMP: 1,
  'NAME?': 0,
};

const ERRORS: Readonly<Record<number, string>> = {
  1000: 'ERROR_ARGS_NOT_VALID',
  1001: 'ERROR_COMMAND_UNKNOWN',
  1002: 'ERROR_FIRST_ARG_NOT_NUMBER',
  1003: 'ERROR_FIRST_ARG_OUT_OF_RANGE',
  1004: 'ERROR_NO_ARGS',
  1008: 'ERROR_SECOND_ARG_NOT_PRESENT',
  1009: 'ERROR_SECOND_ARG_NOT_NUMBER',
  1010: 'ERROR_SECOND_ARG_OUT_OF_RANGE',
  1015: 'ERROR_TOO_MANY_ARGS',
};

/** The GAIA LNA bias board (UDP): `#CMD args id\n` -> `#<result> id\n`. */
export class GaiaSystem implements System {
  private readonly vd = new Array<number>(10).fill(0);
  private readonly vg = new Array<number>(10).fill(0);
  private conf = 0;
  /** The id of the last command, echoed by errors found before a new id is known (as the reference). */
  private commandId = '';

  createParser(): Parser {
    // Not lineParser: bytes before '#' are skipped without counting towards the limit, which counts from '#'.
    // Linear and bounded: O(1) per byte, at most MAX_MESSAGE bytes held.
    const msg = new ByteAccumulator(MAX_MESSAGE);
    return {
      parse: (byte) => {
        if (msg.length === 0 && byte !== 0x23) return true; // waits for '#'
        if (byte === 0x0a) {
          const command = msg.text();
          msg.clear();
          return this.execute(command);
        }
        if (!msg.push(byte)) {
          msg.clear();
          throw new DeviceError(`message longer than ${MAX_MESSAGE} bytes`);
        }
        return true;
      },
    };
  }

  private error(code: number): string {
    const name = ERRORS[code] ?? '';
    return `#ERROR(${code})[${name}](b'${Buffer.from(name, 'latin1').toString('hex')}') ${this.commandId}\n`;
  }

  private execute(msg: string): string {
    const tokens = pySplit(pyLStrip(msg, '#'));
    if (tokens.length === 0) return this.error(1000);
    const name = tokens[0]!;
    // Decision: the last token is the id even for an unknown command (D-GAIA-1, vector D-SIMV-33).
    this.commandId = tokens[tokens.length - 1]!;
    const expected = Object.hasOwn(ARGUMENTS, name) ? ARGUMENTS[name] : undefined;
    if (expected === undefined) return this.error(1001);
    const args = tokens.slice(1, -1);
    if (args.length > expected) return this.error(1015);
    let first = 0;
    let second = 0;
    if (expected >= 1) {
      if (args.length === 0) return this.error(1004);
      const value = pyInt(args[0]!);
      if (value === undefined) return this.error(1002);
      const inRange = name === 'GETREF' || name === 'GETEMP' ? value === 1 || value === 2 : value >= 1 && value <= 10;
      if (!inRange) return this.error(1003);
      first = Number(value); // in range, so not a bigint
    }
    if (expected === 2) {
      if (args.length === 1) return this.error(1008);
      const value = pyInt(args[1]!);
      if (value === undefined) return this.error(1009);
      if (value < 0 || value > 1023) return this.error(1010);
      second = Number(value);
    }
    return `#${this.run(name, first, second)} ${this.commandId}\n`;
  }

  private run(name: string, first: number, second: number): string | number {
    switch (name) {
      case '*IDN?':
        return FIRMWARE;
      case 'NAME?':
        return BOARD_NAME;
      case 'CONF?':
        return this.conf;
      case 'LOADCONF':
        this.conf = first;
        return first;
      case 'SETD':
        this.vd[first - 1] = second;
        return first;
      case 'SETG':
        this.vg[first - 1] = second;
        return first;
      case 'GETVD':
        return this.vd[first - 1]!;
      case 'GETVG':
        return this.vg[first - 1]!;
      case 'GETID':
        return 0;
      case 'GETREF':
        return first === 1 ? '2.5' : 5;
      case 'GETEMP':
        return 30 + Math.floor(Math.random() * 7);
      default:
        return first; // the setters echo their channel
    }
  }
}

export const gaia: SimulatorModule = {
  name: 'gaia',
  servers: [{ listen: 12400, transport: 'udp' }],
  createSystem: () => new GaiaSystem(),
};
