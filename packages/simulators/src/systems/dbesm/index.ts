import { DeviceError, lineParser, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { roundHalfEven } from '../../utils/index.js';
import { formatPythonFloat, pyFloat, pyInt, pyStrip } from '@discos/backend-protocol';

const CRLF = '\r\n';
const MAX_LINE = 65536;
const DEVICES = ['DBE', 'FBCB'] as const;

const ERRORS: Readonly<Record<number, string>> = {
  1001: 'unknown command',
  1002: 'ERROR_DEVICE_UNKNOWN',
  1003: 'CFG file not existing',
  1004: 'reading cfg file',
  1005: 'BOARD X unreachable',
  1006: 'BOARD 1 2 3 4 unreachable',
  1007: 'BOARD X not existing',
  1008: 'writing cfg file',
  1009: 'deleting cfg file',
  1010: 'ATT X not existing',
  1011: 'value out of range',
  1012: 'AMP X not existing',
  1013: 'EQ X not existing',
  1014: 'BPF X not existing',
  1015: 'Output not existing',
};
const WITH_ADDRESS = new Set([1005, 1007, 1010, 1011, 1012, 1013, 1014]);

/** Output name per output index, and the board (1-based) it sits on. */
const OUT_BOARDS = [1, 1, 1, 2, 2, 3, 3, 4, 4];
const OUT_NAMES = ['1_DBBC2', 'prova', 'SARDA_01', 'prova', 'prova2', 'Space_Debris', 'prova', 'prova2', 'SARDA_14'];
/** Per output index: the attenuator / amplifier / equalizer / filter it drives on its board. */
const OUT_ATT = [11, 3, 2, 1, 8, 1, 5, 16, 7];
const OUT_AMP = [3, 9, 1, 1, 1, 8, 6, 5, 4];
const OUT_EQ = [5, 6, 4, 3, 3, 9, 4, 7, 1];
const OUT_BPF = [7, 5, 6, 5, 5, 2, 6, 9, 1];
const BPF_CHANNELS = ['2', '3', '4', '5', '6', '7', '8', '9', '10', '1a', '1b'];
const INITIAL_MODES = ['MF20_1s', 'MF10_2s', 'DF_8s', '3-Band_1s', '3-Band', 'MFS_7'];

interface Board {
  address: number;
  /** A Python int as `SETSTATUS` set it (a `bigint` beyond 2^53). */
  status: number | bigint;
  configuration: string;
  reg: number[];
  att: number[];
  /** Switch settings as printed (setters store the text they received, or a float). */
  amp: string[];
  eq: string[];
  bpf: string[];
  v5: number;
  v3v3: number;
  t0: number;
  firmware: string;
}

function randomReg(): number[] {
  const pool = Array.from({ length: 255 }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < 10; i++) out.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!);
  return out;
}

function randomAtt(): number[] {
  return Array.from({ length: 17 }, () => roundHalfEven(Math.random() * 31.5 * 2) / 2);
}

const bits = (list: number[]) => list.map(String);

function board(address: number, amp: number[], bpf: number[], v5: number, v3v3: number, t0: number): Board {
  return {
    address,
    status: 0,
    configuration: 'default',
    reg: randomReg(),
    att: randomAtt(),
    amp: bits(amp),
    eq: bits(amp),
    bpf: bits(bpf),
    v5,
    v3v3,
    t0,
    firmware: '0.116_NEW_win',
  };
}

/** `x` is one of 0, 0.5, ..., 31.5 (the reference's `numpy.arange(0, 32, 0.5)`). */
function isAttStep(x: number): boolean {
  return x >= 0 && x <= 31.5 && Number.isInteger(x * 2);
}

type Params = [device: number, ...rest: string[]];

/** The DBESM (digital back-end switch matrix): `DBE <CMD> ...\r\n`, 4 boards and 9 named outputs. */
export class DbesmSystem implements System {
  readonly boards: Board[] = [
    board(1, [1, 1, 1, 1, 0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1], 1.11, 0.11, 5.1),
    board(2, [1, 0, 0, 0, 0, 0, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], 0.0, 0.01, 50.51),
    board(3, [1, 0, 0, 0, 1, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], 1.0, 0.1, 15.5),
    board(4, [0, 0, 0, 1, 1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0], 0.01, 1.0, 5.05),
  ];
  private readonly modes = [...INITIAL_MODES];

  private readonly commands: Record<string, (p: Params) => string> = {
    SETALLMODE: (p) => this.setAllMode(p),
    MODE: (p) => this.setMode(p),
    STOREALLMODE: (p) => this.storeAllMode(p),
    DELETEFILE: (p) => this.deleteFile(p),
    GETSTATUS: (p) => this.getStatus(p),
    SETATT: (p) => this.setSwitch(p, 'att'),
    SETAMP: (p) => this.setSwitch(p, 'amp'),
    SETEQ: (p) => this.setSwitch(p, 'eq'),
    SETBPF: (p) => this.setSwitch(p, 'bpf'),
    ReadALLDIAG: (p) => this.allDiag(p),
    ReadDIAG: (p) => this.diag(p),
    SETSTATUS: (p) => this.setStatus(p),
    GETCOMP: (p) => this.getComp(p),
    GETCFG: (p) => this.getCfg(p),
    SETDBEATT: (p) => this.setOutput(p, 'att'),
    GETDBEATT: (p) => this.getOutput(p, 'att'),
    SETDBEAMP: (p) => this.setOutput(p, 'amp'),
    GETDBEAMP: (p) => this.getOutput(p, 'amp'),
    SETDBEEQ: (p) => this.setOutput(p, 'eq'),
    GETDBEEQ: (p) => this.getOutput(p, 'eq'),
    SETDBEBPF: (p) => this.setOutput(p, 'bpf'),
    GETDBEBPF: (p) => this.getOutput(p, 'bpf'),
    GETFIRM: (p) => this.getFirmware(p),
  };

  createParser(): Parser {
    // The device drops the byte before LF (the CR of CR LF).
    return lineParser((line) => this.execute(line.slice(0, -1)), { maxBytes: MAX_LINE });
  }

  private error(device: number, code: number, address?: string): string {
    const text = ERRORS[code] ?? '';
    if (code === 1001) return `NAK ${text}${CRLF}`;
    const name = DEVICES[device] ?? 'None';
    if (WITH_ADDRESS.has(code)) return `ERR ${name} ${text.replace(/X/g, address ?? '')}${CRLF}`;
    return `ERR ${name} ${text}${CRLF}`;
  }

  private execute(line: string): string {
    const args = line.split(' ').map((x) => pyStrip(x));
    const device = DEVICES.indexOf(args[0] as (typeof DEVICES)[number]);
    if (device < 0) return this.error(-1, 1001);
    // Every command is spelled `DBE <NAME>`.
    const command = args.length > 1 && args[0] === 'DBE' && Object.hasOwn(this.commands, args[1]!) ? this.commands[args[1]!] : undefined;
    if (!command) return this.error(device, 1001);
    return command([device, ...args.slice(2)]);
  }

  /** The board numbered `text` (1-based), undefined when none; `null` when `text` is not an integer. */
  private boardAt(text: string): Board | undefined | null {
    const n = pyInt(text);
    if (n === undefined) return null;
    if (typeof n === 'bigint') return undefined; // no board that far
    return this.boards[n - 1] && n >= 1 ? this.boards[n - 1] : undefined;
  }

  private setAllMode(p: Params): string {
    if (p.length !== 2) return this.error(p[0], 1001);
    if (!this.modes.includes(p[1]!)) return this.error(p[0], 1003);
    const lines = this.boards.map((b, i) => {
      if (b.status === 1) return `BOARD ${i + 1} ERR DBE BOARD unreachable`;
      b.configuration = p[1]!;
      return `BOARD ${i + 1} ACK`;
    });
    return lines.join('\n') + CRLF;
  }

  private setMode(p: Params): string {
    if (p.length !== 4 || p[1] !== 'BOARD') return this.error(p[0], 1001);
    const b = this.boardAt(p[2]!);
    if (b === null) return this.error(p[0], 1001);
    if (b === undefined) return this.error(p[0], 1007, p[2]);
    if (!this.modes.includes(p[3]!)) return this.error(p[0], 1003);
    if (b.status === 1) return this.error(p[0], 1005, p[2]);
    b.configuration = p[3]!;
    return `ACK${CRLF}`;
  }

  private storeAllMode(p: Params): string {
    if (p.length !== 2) return this.error(p[0], 1001);
    if (this.modes.includes(p[1]!)) return this.error(p[0], 1008);
    const unreachable = this.boards.flatMap((b, i) => (b.status === 1 ? [String(i + 1)] : []));
    if (unreachable.length > 0) return this.error(p[0], 1005, unreachable.join(' '));
    this.modes.push(p[1]!);
    return `ACK${CRLF}`;
  }

  private deleteFile(p: Params): string {
    if (p.length !== 2) return this.error(p[0], 1001);
    const index = this.modes.indexOf(p[1]!);
    if (index < 0) return this.error(p[0], 1003);
    this.modes.splice(index, 1);
    return `ACK${CRLF}`;
  }

  /** The board for `BOARD n` getters, or the error reply. */
  private readableBoard(p: Params): Board | string {
    if (p.length !== 3 || p[1] !== 'BOARD') return this.error(p[0], 1001);
    const b = this.boardAt(p[2]!);
    if (b === null) return this.error(p[0], 1001);
    if (b === undefined) return this.error(p[0], 1007, p[2]);
    if (b.status === 1) return this.error(p[0], 1005, p[2]);
    return b;
  }

  private getStatus(p: Params): string {
    const b = this.readableBoard(p);
    if (typeof b === 'string') return b;
    return `ACK\nBOARD ${b.address}\n\nREG=[ ${b.reg.join(' ')} ]\n\nATT=[ ${b.att.map(formatPythonFloat).join('  ')} ]${CRLF}`;
  }

  private setSwitch(p: Params, kind: 'att' | 'amp' | 'eq' | 'bpf'): string {
    if (p.length !== 6 || p[2] !== 'BOARD' || p[4] !== 'VALUE') return this.error(p[0], 1001);
    const channelText = p[1]!;
    const b = this.boardAt(p[3]!);
    if (b === null) return this.error(p[0], 1001);
    if (b === undefined) return this.error(p[0], 1007, p[3]);
    let index: number;
    if (kind === 'bpf') {
      if (!BPF_CHANNELS.includes(channelText)) {
        if (channelText.length === 0) throw new DeviceError('empty BPF channel');
        const letters = [...channelText].filter((c) => /\p{L}/u.test(c)).length;
        if (/\p{L}/u.test(channelText[0]!) || letters > 1) return this.error(p[0], 1001);
        if (!/^\p{N}+$/u.test(channelText)) {
          return /\p{L}/u.test(channelText.at(-1)!) ? this.error(p[0], 1014, channelText) : this.error(p[0], 1001);
        }
        return this.error(p[0], 1014, channelText);
      }
      index = channelText === '1a' ? 0 : channelText === '1b' ? 1 : Number(channelText);
    } else {
      const channel = pyInt(channelText);
      if (channel === undefined) return this.error(p[0], 1001);
      const [low, high, code] = kind === 'att' ? [0, 16, 1010] : [1, 10, kind === 'amp' ? 1012 : 1013];
      if (channel < low || channel > high) return this.error(p[0], code, channelText);
      // In range, so a safe integer.
      index = kind === 'att' ? Number(channel) : Number(channel) - 1;
    }
    const value = pyFloat(p[5]!);
    if (value === undefined) return this.error(p[0], 1001);
    const valid = kind === 'att' ? isAttStep(value) : value === 0 || value === 1;
    if (!valid) return this.error(p[0], 1011, p[3]);
    if (b.status === 1) return this.error(p[0], 1005, p[3]);
    if (kind === 'att') b.att[index] = value;
    else b[kind][index] = p[5]!;
    return `ACK${CRLF}`;
  }

  private allDiag(p: Params): string {
    if (p.length !== 1) return this.error(p[0], 1001);
    let out = '';
    this.boards.forEach((b, i) => {
      out += `BOARD ${i + 1} `;
      if (b.status === 0) out += `ACK\n5V ${formatPythonFloat(b.v5)} 3V3 ${formatPythonFloat(b.v3v3)}\nT0 ${formatPythonFloat(b.t0)}\n\n`;
      else if (b.status === 1) out += 'ERR DBE BOARD unreachable\n\n';
      else if (b.status > 1) out += `ACK\n5V ${formatPythonFloat(b.v5)} 3V3 ${formatPythonFloat(b.v3v3)}\ntemp sensor not present\n\n`;
    });
    return out.slice(0, -2) + CRLF;
  }

  private diag(p: Params): string {
    const b = this.readableBoard(p);
    if (typeof b === 'string') return b;
    const head = `ACK\nBOARD ${b.address}\n\n5V ${formatPythonFloat(b.v5)} 3V3 ${formatPythonFloat(b.v3v3)}\n`;
    if (b.status === 0) return `${head}T0 ${formatPythonFloat(b.t0)}${CRLF}`;
    if (b.status > 1) return `${head}temp sensor not present${CRLF}`;
    throw new DeviceError(`board ${b.address} has status ${b.status}`);
  }

  private setStatus(p: Params): string {
    if (p.length !== 5) return this.error(p[0], 1001);
    const b = this.boardAt(p[2]!);
    if (b === null) return this.error(p[0], 1001);
    if (b === undefined) return this.error(p[0], 1007, p[2]);
    const status = pyInt(p[4]!);
    if (status === undefined) return this.error(p[0], 1001);
    b.status = status;
    return `ACK${CRLF}`;
  }

  private getComp(p: Params): string {
    const b = this.readableBoard(p);
    if (typeof b === 'string') return b;
    return `ACK\nBOARD ${b.address}\n\nAMP=[ ${b.amp.join(' ')} ]\nEQ=[ ${b.eq.join(' ')} ]\nBPF=[ ${b.bpf.join(' ')} ]${CRLF}`;
  }

  private getCfg(p: Params): string {
    if (p.length !== 1) return this.error(p[0], 1001);
    let out = 'ACK\n';
    this.boards.forEach((b, i) => {
      out += `BOARD ${i + 1} `;
      out += b.status === 0 || b.status > 1 ? `${b.configuration}\n\n` : 'ERR DBE BOARD unreachable\n\n';
    });
    return out.slice(0, -2) + CRLF;
  }

  private getFirmware(p: Params): string {
    const b = this.readableBoard(p);
    if (typeof b === 'string') return b;
    // The device numbers boards from 0 in this one reply.
    return `ACK\nBOARD ${b.address - 1} Prog=DBESM, Rev=rev ${b.firmware}${CRLF}`;
  }

  /** Output indexes named `name`. */
  private outputs(name: string): number[] {
    return OUT_NAMES.flatMap((n, i) => (n === name ? [i] : []));
  }

  private setOutput(p: Params, kind: 'att' | 'amp' | 'eq' | 'bpf'): string {
    if (p.length !== 3) return this.error(p[0], 1001);
    const [, name = '', valueText = ''] = p;
    const outputs = this.outputs(name);
    if (outputs.length === 0) return this.error(p[0], 1015);
    const relative = kind === 'att' && (valueText === '+3' || valueText === '-3');
    const lines: string[] = [];
    for (const output of outputs) {
      const b = this.boards[OUT_BOARDS[output]! - 1]!;
      const value = pyFloat(valueText);
      if (value === undefined) throw new DeviceError(`could not convert string to float: '${valueText}'`);
      const n = b.address;
      if (kind === 'att') {
        const index = OUT_ATT[output]!;
        if (relative ? !(b.att[index]! + value >= 0 && b.att[index]! + value <= 31.5) : !isAttStep(value)) {
          lines.push(`ERR DBE ${name} BOARD ${n} value out of range`);
        } else if (b.status === 1) {
          lines.push(`ERR DBE ${name} BOARD ${n} unreachable`);
        } else {
          b.att[index] = relative ? b.att[index]! + value : value;
          lines.push(`DBE ${name} BOARD ${n} ACK`);
        }
        continue;
      }
      const index = (kind === 'amp' ? OUT_AMP : kind === 'eq' ? OUT_EQ : OUT_BPF)[output]!;
      if (value !== 0 && value !== 1) lines.push(`ERR DBE ${name} BOARD ${n} value out of range`);
      else if (b.status === 1) lines.push(`ERR DBE ${name} BOARD ${n} unreachable`);
      else {
        b[kind][index] = formatPythonFloat(value);
        lines.push(`DBE ${name} BOARD ${n} ACK`);
      }
    }
    return lines.join('\n') + CRLF;
  }

  private getOutput(p: Params, kind: 'att' | 'amp' | 'eq' | 'bpf'): string {
    if (p.length !== 2) return this.error(p[0], 1001);
    const name = p[1]!;
    const outputs = this.outputs(name);
    if (outputs.length === 0) return this.error(p[0], 1015);
    const label = kind.toUpperCase();
    const table = kind === 'att' ? OUT_ATT : kind === 'amp' ? OUT_AMP : kind === 'eq' ? OUT_EQ : OUT_BPF;
    const lines = outputs.map((output) => {
      const b = this.boards[OUT_BOARDS[output]! - 1]!;
      if (b.status === 1) return `ERR DBE ${name} BOARD ${b.address} unreachable`;
      const index = table[output]!;
      const value = kind === 'att' ? formatPythonFloat(b.att[index]!) : b[kind][index]!;
      return `ACK ${name} BOARD ${b.address} ${label} ${index} VALUE ${value}`;
    });
    return lines.join('\n') + CRLF;
  }
}

export const dbesm: SimulatorModule = {
  name: 'dbesm',
  servers: [{ listen: 11111, transport: 'tcp' }],
  createSystem: () => new DbesmSystem(),
};
