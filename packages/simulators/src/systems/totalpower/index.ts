import { TcpClient, rawFramer } from '@observatory/core';
import { DeviceError, lineParser, type Clock, type Parser, type SimulatorModule, type System, type TimerHandle } from '../../framework/index.js';
import { uintToBytes } from '../../utils/index.js';
import { formatPythonFloat, formatPythonInt, pyFloat, pyInt, pyStrip } from '@discos/backend-protocol';

const ACK = 'ack\n';
const NAK = 'nak\n';
const CRLF = '\r\n';
const FIRMWARE = 'fpga 29.12.2009 simulator, firmware rev.48';
const SOURCES: Readonly<Record<string, string>> = { P: 'PRIM', B: 'BWG', G: 'GREG', Z: '50_OHM' };
const BANDWIDTHS: Readonly<Record<number, number>> = { 1: 2000, 2: 1250, 3: 730, 4: 300 };
const MAX_LINE = 65536;

/** Argument types of the typed commands (others take any number of ints). */
const TYPES: Readonly<Record<string, ReadonlyArray<'s' | 'i'>>> = {
  I: ['s', 'i', 'i'],
  A: ['i', 's', 'i', 'i'],
  X: ['i', 'i', 'i', 's', 'i'],
};
const COMMANDS = new Set(['T', 'E', 'I', 'A', '?', 'N', 'M', 'Z', 'S', 'R', 'X', 'V', 'pause', 'stop', 'resume']);

class Board {
  input = 'PRIM';
  private previousInput = 'PRIM';
  attenuation = 7;
  filter = 1;

  setInput(source: string | null): void {
    const name = source === null ? undefined : Object.values(SOURCES).includes(source) ? source : SOURCES[source];
    if (name !== undefined) {
      this.previousInput = this.input;
      this.input = name;
    } else if (source === null && this.input === '50_OHM') {
      this.input = this.previousInput;
    }
  }

  get bandwidth(): number {
    return BANDWIDTHS[this.filter]!;
  }
}

/** A parameter as Python holds it: a string, or an int of any size (`bigint` beyond 2^53). */
type Arg = string | number | bigint;
type Int = number | bigint;

/** Python `f'{value:06d}'`: zero-padded to six characters after the sign. */
function pad06(value: Int): string {
  const text = String(value);
  return text.startsWith('-') ? `-${text.slice(1).padStart(5, '0')}` : text.padStart(6, '0');
}

/** The total-power backend: line commands, and after `X` + `resume` a data stream to a TCP server it connects to. */
export class TotalPowerSystem implements System {
  private readonly boards: Board[];
  private zero = 0;
  private calOn = 0;
  private zeroPeriod: Int = 0;
  private calOnPeriod: Int = 0;
  private calOffSamples = 0;
  private toggle = 0;
  private sampleCounter = 0;
  /** Seconds to subtract from the clock (set by `T`). */
  private timeOffset = 0;
  private samplePeriod: Int = 1000;
  /** The link to the data server (`X` opens it; anything the server sends is discarded). */
  private dataLink: TcpClient | undefined;
  /** Set once `X` connected (the device keeps it even if the data server goes away). */
  private dataConfigured = false;
  private dataTimer: TimerHandle | undefined;
  private paused = false;
  private stopped = false;

  constructor(
    readonly channels: number,
    private readonly clock: Clock,
  ) {
    this.boards = Array.from({ length: channels }, () => new Board());
  }

  private nowSeconds(): number {
    return this.clock.now() / 1000;
  }

  /** `(seconds, microsecond digits, seconds with the T offset)` as the device formats them. */
  private times(): [number, number, string] {
    const now = this.nowSeconds();
    const seconds = Math.trunc(now);
    // The device prints digits 2..8 of the fraction's text (so 0.5 gives 5).
    const micro = pyInt(formatPythonFloat(now - seconds).slice(2, 8));
    if (micro === undefined) throw new DeviceError('cannot format the time fraction');
    // int() of a float: exact digits however large a `T` offset made it (JS would print 1e+21).
    const shifted = Math.trunc(now + this.timeOffset);
    if (!Number.isFinite(shifted)) throw new DeviceError('cannot convert the shifted time to an integer');
    return [seconds, Number(micro), formatPythonInt(shifted)];
  }

  createParser(): Parser {
    // Either CR or LF ends a command (so CR LF also yields an empty line, which execute ignores).
    return lineParser((line) => this.execute(line), { terminators: [0x0a, 0x0d], maxBytes: MAX_LINE });
  }

  private execute(line: string): string | boolean | Promise<string> {
    const args = pyStrip(line).split(' ').map((x) => pyStrip(x));
    const name = args[0]!;
    if (!COMMANDS.has(name)) return false;
    const raw = args.slice(1);
    const types = TYPES[name];
    if (types && raw.length !== types.length) return NAK;
    const params: Arg[] = [];
    for (const [i, text] of raw.entries()) {
      if (types?.[i] === 's') params.push(text);
      else {
        const value = pyInt(text);
        if (value === undefined) return NAK;
        params.push(value);
      }
    }
    const n = params as Int[];
    switch (name) {
      case 'T': {
        if (n.length !== 2) return NAK;
        const newTime = pyFloat(`${n[0]}.${pad06(n[1]!)}`);
        if (newTime === undefined) throw new DeviceError('invalid time');
        this.timeOffset = this.nowSeconds() - newTime;
        return `${n[0]}, ${n[1]}, ${this.times().join(', ')}${CRLF}`;
      }
      case 'E':
        if (n.length !== 2) return NAK;
        return `${n[0]}, ${n[1]}, ${this.times().join(', ')}${CRLF}`;
      case 'I':
        return this.setAll(params);
      case 'A':
        return this.setOne(params);
      case '?':
        return this.status();
      case 'N':
      case 'M':
        if (n.length !== 1 || (n[0] !== 0 && n[0] !== 1)) return NAK;
        if (name === 'N') this.calOn = n[0];
        return ACK;
      case 'Z':
        if (n.length !== 1 || (n[0] !== 0 && n[0] !== 1)) return NAK;
        for (const board of this.boards) board.setInput(n[0] === 1 ? 'Z' : null);
        return ACK;
      case 'S':
        if (n.length !== 1) return NAK;
        this.samplePeriod = n[0]!;
        return ACK;
      case 'R':
        return `${this.times()[0]} 0 0 ${this.boards.map(() => randomInt(0, 1000000)).join(' ')}${CRLF}`;
      case 'V':
        return FIRMWARE;
      case 'X':
        return this.configureData(params);
      case 'resume':
        return this.resume();
      case 'pause':
        this.paused = true;
        return ACK;
      default: // stop
        this.stopped = true;
        return ACK;
    }
  }

  private setAll(params: Arg[]): string {
    const [source, attenuation, filter] = params as [string, Int, Int];
    if (!Object.hasOwn(SOURCES, source) || attenuation < 0 || attenuation > 15 || filter < 1 || filter > 4) return NAK;
    for (const board of this.boards) {
      board.setInput(source);
      board.attenuation = Number(attenuation); // range-checked above
      board.filter = Number(filter);
    }
    return ACK;
  }

  private setOne(params: Arg[]): string {
    const [number, source, attenuation, filter] = params as [Int, string, Int, Int];
    const board = typeof number === 'number' ? this.boards[number - 1] : undefined;
    if (!board || number < 1 || !Object.hasOwn(SOURCES, source) || attenuation < 0 || attenuation > 15 || filter < 1 || filter > 4) {
      return `nak ${number}\n`;
    }
    board.setInput(source);
    board.attenuation = Number(attenuation); // range-checked above
    board.filter = Number(filter);
    return ACK;
  }

  /** The 16-bit status word: toggle-dependent high byte, then 01, zero, cal, toggle, 111. */
  private statusBytes(): Buffer {
    const high = this.toggle ? '10100000' : '10010000';
    const bits = `${high}01${this.zero}${this.calOn}${this.toggle}111`;
    // Little-endian, as the reference's `binary_to_string` default.
    return Buffer.from([parseInt(bits.slice(8), 2), parseInt(bits.slice(0, 8), 2)]);
  }

  private status(): string {
    const [s, us, s2] = this.times();
    const word = [...this.statusBytes()]
      .reverse()
      .map((b) => b.toString(16).padStart(2, 'x').slice(-2))
      .join('');
    const boards = this.boards.map((b) => ` ${b.input} ${b.attenuation} ${b.bandwidth}`).join('');
    return `${s} ${us} ${s2} ${word} ${this.samplePeriod} ${this.calOnPeriod} ${this.zeroPeriod}${boards}${CRLF}`;
  }

  private configureData(params: Arg[]): Promise<string> {
    const [period, calPeriod, zeroPeriod, host, port] = params as [Int, Int, Int, string, Int];
    this.samplePeriod = period;
    this.calOnPeriod = calPeriod;
    this.zeroPeriod = zeroPeriod;
    this.sampleCounter = 0;
    this.calOffSamples = 0;
    this.stopped = false;
    this.paused = false;
    this.closeData();
    // The device connects out to the data server before acknowledging; a refused connection answers nothing.
    const link = new TcpClient({ host, port: Number(port), framer: rawFramer() });
    link.on('frame', () => undefined); // discard anything the data server sends
    link.on('disconnect', () => {
      if (this.dataLink === link) this.dataLink = undefined;
    });
    return link.connect().then(
      () => {
        this.dataLink = link;
        this.dataConfigured = true;
        return ACK;
      },
      (err: unknown) => {
        throw new DeviceError(`cannot connect to ${host}:${port}`, { cause: err });
      },
    );
  }

  private resume(): string {
    if (!this.dataConfigured) return NAK;
    if (this.samplePeriod <= 0) throw new DeviceError(`invalid sample period ${this.samplePeriod}`);
    this.stopped = false;
    this.paused = false;
    this.clock.clearTimeout(this.dataTimer);
    // One packet per second, each holding 1000 / period samples.
    this.dataTimer = this.clock.setTimeout(() => this.sendPacket(), 1000);
    return ACK;
  }

  private sendPacket(): void {
    const t0 = this.nowSeconds();
    const period = Number(this.samplePeriod);
    const samples = Math.trunc(1000 / period);
    const parts: Buffer[] = [];
    let timestamp = t0 - 1;
    for (let i = 0; i < samples; i++) {
      timestamp += period / 1000;
      parts.push(uintToBytes(Math.trunc(timestamp)), uintToBytes(this.sampleCounter, 2));
      if (this.calOnPeriod) {
        if (this.calOffSamples === this.calOnPeriod) {
          this.calOn = 1;
          this.calOffSamples = 0;
        } else this.calOffSamples += 1;
      }
      parts.push(this.statusBytes());
      this.calOn = 0;
      for (let c = 0; c < this.channels; c++) parts.push(uintToBytes((randomInt(200, 2000) * period) >>> 0));
      this.sampleCounter = (this.sampleCounter + 1) % 65536;
    }
    this.toggle = this.toggle ? 0 : 1;
    if (!this.dataLink?.connected) this.stopped = true; // the data server went away: the device stops
    else this.dataLink.send(Buffer.concat(parts));
    if (this.stopped) {
      this.sampleCounter = 0;
      this.calOffSamples = 0;
      this.closeData();
    } else if (!this.paused) {
      const next = t0 + 1 - this.nowSeconds();
      this.dataTimer = this.clock.setTimeout(() => this.sendPacket(), Math.max(0, next * 1000));
    }
  }

  private closeData(): void {
    void this.dataLink?.close(); // ends the connection (destroyed if it lingers)
    this.dataLink = undefined;
  }

  dispose(): void {
    this.clock.clearTimeout(this.dataTimer);
    this.closeData();
  }
}

function randomInt(low: number, high: number): number {
  return low + Math.floor(Math.random() * (high - low + 1));
}

export const totalpower: SimulatorModule = {
  name: 'totalpower',
  servers: [
    { listen: 11500, transport: 'tcp', options: { channels: 14 } },
    { listen: 11510, transport: 'tcp', options: { channels: 4 } },
  ],
  createSystem: ({ clock, options }) => new TotalPowerSystem(typeof options.channels === 'number' ? options.channels : 14, clock),
};
