import { ByteAccumulator, DeviceError, type Clock, type Parser, type SimulatorModule, type System, type TimerHandle } from '../../framework/index.js';
import { formatPythonFloat, pyFloat, pyInt, pyRStrip, pyStrip } from '@discos/backend-protocol';

const HEADERS = new Set(['#', '!', '?', '@']);
const HEADER_BYTES = new Set([...HEADERS].map((h) => h.charCodeAt(0)));
const CLOSER = '\r\n';
/** 100-ns ticks between 1582-10-15 (the OMG/ACS epoch) and the Unix epoch. */
const ACS_EPOCH_TICKS = 122192928000000000;
const SETUP_MS = 3000;
const MAX_HISTORY = 2 ** 15;
const MAX_MESSAGE = 65536;

/** A value as Python holds it (ints and floats print differently; `exact` keeps an int beyond 2^53). */
interface PyNum {
  value: number;
  isFloat: boolean;
  exact?: bigint;
}

const show = (n: PyNum) => (n.isFloat ? formatPythonFloat(n.value) : n.exact !== undefined ? n.exact.toString() : String(n.value));

interface ServoKind {
  name: string;
  axes: number;
  stow: PyNum[];
}

const int = (value: number): PyNum => ({ value, isFloat: false });

const SERVOS: readonly ServoKind[] = [
  { name: 'PFP', axes: 3, stow: [{ value: 2730.15, isFloat: true }, int(0), int(-195)] },
  { name: 'SRP', axes: 6, stow: [-125, -125, -125, 0, 0, 0].map(int) },
  { name: 'GFR', axes: 1, stow: [int(0)] },
  { name: 'M3R', axes: 1, stow: [int(0)] },
];

const CAB_STATE = { ready: 0, starting: 1, stow: 3 } as const;

interface Entry {
  time: number;
  values: PyNum[];
}

/** Timestamped target positions; reads interpolate linearly between the entries around now. */
class History {
  private entries: Entry[] = [];

  constructor(
    axes: number,
    private readonly ticks: () => number,
  ) {
    this.insert(new Array<PyNum>(axes).fill(int(0)));
  }

  insert(values: PyNum[], timestamp?: number): void {
    this.entries.push({ time: timestamp ? timestamp : this.ticks(), values });
    this.entries.sort((a, b) => a.time - b.time);
    if (this.entries.length > MAX_HISTORY) this.entries = this.entries.slice(-MAX_HISTORY);
  }

  /** Drops entries after now (and, as the device does, the last one kept when none is later). */
  clean(): void {
    const target = this.ticks();
    let index = this.entries.length;
    for (const [i, entry] of this.entries.entries()) {
      index = i;
      if (entry.time > target) break;
    }
    this.entries = this.entries.slice(0, index);
  }

  get(): PyNum[] {
    const target = this.ticks();
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const current = this.entries[i]!;
      if (target < current.time) continue;
      const next = this.entries[i + 1];
      if (!next) return current.values;
      const factor = (target - current.time) / (next.time - current.time);
      return current.values.map((v, k) => ({ value: (1 - factor) * v.value + factor * next.values[k]!.value, isFloat: true }));
    }
    const first = this.entries[0];
    if (!first) throw new DeviceError('no position recorded');
    return first.values;
  }
}

class Servo {
  cabState: number = CAB_STATE.stow;
  readonly history: History;
  private setupTimer: TimerHandle | undefined;

  constructor(
    readonly id: number,
    readonly kind: ServoKind,
    private readonly clock: Clock,
    private readonly ticks: () => number,
  ) {
    this.history = new History(kind.axes, ticks);
    this.history.insert(kind.stow);
  }

  private echo(command: string, cmdNum: number | bigint, params: PyNum[]): string[] {
    const answer = `@${command}:${cmdNum}=${this.id}${params.map((p) => `,${show(p)}`).join('')}${CLOSER}`;
    return [answer.replace(/@/g, '?'), answer];
  }

  private positions(): string {
    return this.history
      .get()
      .map((p) => `,${show(p)}`)
      .join('');
  }

  run(command: string, cmdNum: number | bigint, params: PyNum[], nak: boolean): string[] {
    // The getters take no parameters: the device rejects any (nothing is sent).
    if (params.length > 0 && (command === 'getpos' || command === 'getappstatus' || command === 'getstatus')) {
      throw new DeviceError(`${command} takes no parameters`);
    }
    switch (command) {
      case 'getpos':
        return [`?getpos:${cmdNum}=${this.id}> ${tickText(this.ticks())}${this.positions()}${CLOSER}`];
      case 'getappstatus':
        return [`?getappstatus:${cmdNum}=${this.id}> 0000030D${CLOSER}`];
      case 'getstatus':
        return [`?getstatus:${cmdNum}=${this.id}> ${tickText(this.ticks())},4,FFFF,${this.cabState}${this.positions()}${CLOSER}`];
      case 'setpos': {
        if (nak || params.length !== this.kind.axes + 3) {
          const answer = `!NAK_setpos:${cmdNum}=${this.id},cannot set the position${CLOSER}`;
          return [answer, answer];
        }
        this.history.insert(params.slice(-this.kind.axes), params[0]!.value);
        return this.echo('setpos', cmdNum, params);
      }
      case 'setup':
        this.cabState = CAB_STATE.starting;
        this.clock.clearTimeout(this.setupTimer);
        this.setupTimer = this.clock.setTimeout(() => {
          this.cabState = CAB_STATE.ready;
        }, SETUP_MS);
        return this.echo('setup', cmdNum, params);
      case 'stow':
        this.cabState = CAB_STATE.stow;
        this.history.insert(this.kind.stow);
        return this.echo('stow', cmdNum, params);
      case 'disable':
        this.cabState = CAB_STATE.stow;
        return this.echo('disable', cmdNum, params);
      case 'clean':
        this.history.clean();
        return this.echo('clean', cmdNum, params);
      case 'getspar': {
        const [index, sub] = params.slice(-2).map((p) => p.value);
        const value = params.length >= 2 && sub === 0 ? (index === 1250 ? '3' : index === 1240 ? '10' : '0') : '0';
        return [`?getspar:${cmdNum}=${this.id}> ${value}${CLOSER}`];
      }
      case 'setsdatbitb16':
        return [this.echo('setsdatbitb16', cmdNum, params)[1]!];
      default:
        throw new DeviceError(`Command ${command} unknown!`);
    }
  }

  dispose(): void {
    this.clock.clearTimeout(this.setupTimer);
  }
}

function tickText(ticks: number): string {
  return BigInt(Math.trunc(ticks)).toString();
}

/** A Python int as a {@link PyNum}. */
function intNum(value: number | bigint | undefined): PyNum | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'bigint' ? { value: Number(value), isFloat: false, exact: value } : int(value);
}

/** A parameter as the device reads it: stripped, then `int(p, 16)` if it holds an `x`, `float(p)` if a `.`, else `int(p)`. */
function parseParam(text: string): PyNum | undefined {
  const param = pyStrip(text);
  if (param.includes('x')) return intNum(pyInt(param, 16));
  if (param.includes('.')) {
    const value = pyFloat(param);
    return value === undefined ? undefined : { value, isFloat: true };
  }
  return intNum(pyInt(param));
}

/** The legacy minor-servo control unit (MSCU): `#cmd:num=addr[,params]\r\n` for 4 servos. */
export class MscuSystem implements System {
  private readonly servos: Servo[];
  /** One flag for every servo, as the device shares it. */
  private setposNak = false;
  readonly customCommands = {
    system_setpos_NAK: () => {
      this.setposNak = true;
    },
    system_setpos_ACK: () => {
      this.setposNak = false;
    },
  };

  constructor(private readonly clock: Clock) {
    const ticks = () => ACS_EPOCH_TICKS + (clock.now() / 1000) * 10000000;
    this.servos = SERVOS.map((kind, id) => new Servo(id, kind, clock, ticks));
  }

  createParser(): Parser {
    // Not lineParser: a header byte restarts the message and either CR LF or LF CR (a byte pair) ends it.
    // Linear and bounded: O(1) per byte, at most MAX_MESSAGE + 1 bytes held.
    const msg = new ByteAccumulator(MAX_MESSAGE + 1);
    return {
      parse: (byte) => {
        // A header byte always starts a new message.
        if (HEADER_BYTES.has(byte)) msg.clear();
        else if (msg.length === 0) return false;
        msg.push(byte);
        if (msg.endsWithPair(0x0d, 0x0a) || msg.endsWithPair(0x0a, 0x0d)) {
          const line = msg.text();
          msg.clear();
          return this.execute(line);
        }
        if (msg.length > MAX_MESSAGE) {
          msg.clear();
          throw new DeviceError(`message longer than ${MAX_MESSAGE} bytes`);
        }
        return true;
      },
    };
  }

  private execute(msg: string): string {
    const body = pyRStrip(msg.slice(1));
    const halves = body.split('=');
    const whole = halves.length === 2 ? halves[0]!.split(':') : [];
    const cmdNum = whole.length === 2 ? pyInt(whole[1]!) : undefined;
    const params = halves.length === 2 ? halves[1]!.split(',').map(parseParam) : [undefined];
    if (cmdNum === undefined || params.some((p) => p === undefined)) throw new DeviceError(`Invalid message: ${msg}`);
    const [address, ...rest] = params as PyNum[];
    const servo = address && !address.isFloat ? this.servos[address.value] : undefined;
    if (!servo) throw new DeviceError(`no servo at address ${address ? show(address) : ''}`);
    return servo.run(whole[0]!, cmdNum, rest, this.setposNak).join('');
  }

  dispose(): void {
    for (const servo of this.servos) servo.dispose();
  }
}

export const mscu: SimulatorModule = {
  name: 'mscu',
  servers: [{ listen: 10000, transport: 'tcp' }],
  createSystem: ({ clock }) => new MscuSystem(clock),
};
