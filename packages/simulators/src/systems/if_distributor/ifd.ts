import { DeviceError, headedCommandParser, type Parser, type System } from '../../framework/index.js';
import { formatPythonFloat, pyFloat, pyInt, pyStrip } from '@discos/backend-protocol';

const MAX_MSG_LENGTH = 15; // 'S 0 100 2300 1\n'
const REF_FREQ = 10;
const LO_FREQ = 2300;
const MAX_ATTENUATION = 31.5;
const ACK = 'ack\n';
const NAK = 'nak\n';
const COMMANDS = new Set(['?', 'B', 'S', 'A', 'I']);
const BOARD_COUNT = 21;

/** A number as Python holds it: ints and floats print differently. */
interface PyNum {
  value: number;
  isFloat: boolean;
}

const int = (value: number): PyNum => ({ value, isFloat: false });

/** `str(x)` of the Python value. */
const pyStr = (x: PyNum): string => (x.isFloat ? formatPythonFloat(x.value) : String(x.value));

function initBoard(address: number, pcbType: number): PyNum[] {
  const status = [address, address, pcbType, REF_FREQ, 0, 255, 255, 255, 255, 0, 1, 0];
  if (pcbType < 2) {
    status[3] = status[4] = 65535;
    status[10] = status[11] = -1;
  }
  if (pcbType === 1) status[9] = 0b00000010;
  if (pcbType >= 2 && pcbType < 6) {
    status[4] = LO_FREQ;
    status[10] = 1;
  }
  if (pcbType === 5) status.fill(63, 5, 9);
  return status.map(int);
}

/** Replaces bits [from, to) of an 8-bit status register, counted from the MSB as the reference's strings do. */
function setBits(register: number, from: number, bits: string): number {
  const text = register.toString(2).padStart(8, '0');
  return parseInt(text.slice(0, from) + bits + text.slice(from + bits.length), 2);
}

/** The SRT LP-band IF distributor (21 boards, PCB types 2, 0, 1, 3, 4, then 16 x 5). */
export class IfdSystem implements System {
  private readonly boards: PyNum[][] = [];

  constructor() {
    const types = [2, 0, 1, 3, 4];
    for (let i = 0; i < BOARD_COUNT; i++) this.boards.push(initBoard(i, types[i] ?? 5));
  }

  createParser(): Parser {
    return headedCommandParser((command) => this.execute(command), {
      isHeader: (byte) => COMMANDS.has(String.fromCharCode(byte)),
      terminators: [0x0a, 0x0d],
      maxLength: MAX_MSG_LENGTH,
      tooLongMessage: `Message too long: max length should be ${MAX_MSG_LENGTH}`,
    });
  }

  private execute(msg: string): string {
    if (msg.length < 3) throw new DeviceError('Message too short.');
    const args = msg.split(' ').map((x) => pyStrip(x));
    if (args.length < 2) throw new DeviceError('Too few arguments.');
    const command = args[0]!;
    if (!COMMANDS.has(command)) return NAK;
    const params: PyNum[] = [];
    for (const arg of args.slice(1)) {
      const value = arg.includes('.') ? pyFloat(arg) : pyInt(arg);
      if (value === undefined) throw new DeviceError('Wrong argument format. Use only integers or floating point numbers.');
      // A 15-byte message holds no integer beyond 2^53.
      params.push({ value: Number(value), isFloat: arg.includes('.') });
    }
    const slot = params[0]!.value;
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.boards.length) {
      throw new DeviceError(`Please, specify a board slot in range [0:${this.boards.length}].`);
    }
    const board = this.boards[slot]!;
    switch (command) {
      case '?':
        if (params.length !== 1) throw new DeviceError('Wrong number of arguments for command `?`.');
        return `${ACK}${board.map(pyStr).join(', ')}\n`;
      case 'B':
        return this.setBandwidth(board, params);
      case 'S':
        return this.setLo(board, params);
      case 'A':
        return this.setAttenuation(board, params);
      default:
        return this.setInput(board, params);
    }
  }

  private setBandwidth(board: PyNum[], params: PyNum[]): string {
    if (params.length !== 2) throw new DeviceError('Wrong number of arguments for command `B`.');
    const bandwidth = params[1]!;
    if (!Number.isInteger(bandwidth.value) || bandwidth.value < 0 || bandwidth.value > 3) {
      throw new DeviceError('Wrong bandwidth for command `B`. Please, use [0:3].');
    }
    const type = board[2]!.value;
    if (type !== 0 && type !== 1) return NAK;
    if (bandwidth.isFloat) throw new DeviceError('bandwidth must be an integer'); // bin() of a float
    board[9] = int(setBits(board[9]!.value, 3, bandwidth.value.toString(2).padStart(2, '0')));
    return ACK;
  }

  private setLo(board: PyNum[], params: PyNum[]): string {
    if (params.length !== 4) throw new DeviceError('Wrong number of arguments for command `S`.');
    const [, ref, lo, enable] = params as [PyNum, PyNum, PyNum, PyNum];
    if (ref.value !== REF_FREQ) throw new DeviceError(`Wrong reference frequency. Please, use ${REF_FREQ}.`);
    if (enable.value !== 0 && enable.value !== 1) throw new DeviceError('Wrong enable parameter for command `S`. Please, use 0 or 1.');
    if (board[2]!.value !== 2) return NAK;
    if (enable.isFloat) throw new DeviceError('enable must be an integer'); // str(1.0) is not a bit
    board[3] = ref;
    board[4] = lo;
    board[9] = int(setBits(board[9]!.value, 4, String(enable.value)));
    board[10] = int(enable.value ^ 1);
    board[11] = int(enable.value);
    return ACK;
  }

  private setAttenuation(board: PyNum[], params: PyNum[]): string {
    if (params.length !== 3) throw new DeviceError('Wrong number of arguments for command `A`.');
    const channel = params[1]!.value;
    if (!Number.isInteger(channel) || channel < 0 || channel > 3) {
      throw new DeviceError('Wrong channel number for command `A`. Please, use [0:3].');
    }
    const attenuation = params[2]!.value;
    if (attenuation < 0 || attenuation > MAX_ATTENUATION) return NAK;
    if (board[2]!.value !== 5) return NAK;
    if (params[1]!.isFloat) throw new DeviceError('channel must be an integer');
    board[5 + channel] = int(Math.trunc(attenuation * 2));
    return ACK;
  }

  private setInput(board: PyNum[], params: PyNum[]): string {
    if (params.length !== 2) throw new DeviceError('Wrong number of arguments for command `I`.');
    const input = params[1]!;
    if (input.value !== 0 && input.value !== 1) throw new DeviceError('Wrong parameter for command `I`. Please, use 0 or 1.');
    if (board[2]!.value !== 1) return NAK;
    if (input.isFloat) throw new DeviceError('input must be an integer');
    board[9] = int(setBits(board[9]!.value, 5, (input.value + 1).toString(2).padStart(2, '0')));
    return ACK;
  }
}
