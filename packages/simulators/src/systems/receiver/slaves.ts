import { roundHalfEven, instantFields, utcInstant } from '../../utils/index.js';
import { DeviceError } from '../../framework/index.js';
import {
  ABBREVIATED_BASE,
  DataType,
  EXTENDED_BASE,
  isAcceptedFrameSize,
  isAcceptedSlaveAddress,
  isDataType,
  isPortNumber,
  isPortType,
  PORT_GROUP_00_07,
  PortType,
  RECEIVER_VERSION,
  ReceiverCode,
  ReceiverCommand,
} from './definitions.js';

/** A reply: the code and, for getters, the data. */
export interface SlaveReply {
  code: number;
  data?: number[];
}

export interface SlaveContext {
  /** µs since the epoch, from the injected clock. */
  nowUs(): number;
}

const key = (dataType: number, portType: number, portNumber: number) => `${dataType},${portType},${portNumber}`;

/** The 8-byte time: century, year in century, month, day, hour, minute, second, hundredths. */
function timeBytes(us: number): number[] {
  const f = instantFields(BigInt(us));
  const year = String(f.year);
  return [
    Number(year.slice(0, 2)),
    Number(year.slice(2) || '0'),
    f.month,
    f.day,
    f.hour,
    f.minute,
    f.second,
    roundHalfEven(f.microsecond / 10000),
  ].map((v) => v & 0xff);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Parses the 8 time bytes as the reference does; undefined for an impossible date. */
function parseTime(bytes: readonly number[]): number | undefined {
  const [b0, b1, month, day, hour, minute, second, hundredths] = bytes as [number, number, number, number, number, number, number, number];
  const year = Number(`${String(b0).padStart(2, '0')}${String(b1).padStart(2, '0')}`);
  if (!(year >= 1 && year <= 9999) || !(month >= 1 && month <= 12)) return undefined;
  const dim = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (!(day >= 1 && day <= dim) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Number(utcInstant(year, month, day, hour, minute, second, Math.min(hundredths * 10000, 999999)));
}

/**
 * A generic board (the "Slave" port): inquiry, reset, version, save/restore, address, time, frame size,
 * port settings and data, remembering its last command for `inquiry`.
 */
export class Slave {
  frameSize = 0x7e;
  timeOffsetUs = 0;
  protected readonly portSettings = new Map<string, number[]>();
  private lastCmd = 0;
  private lastCmdId = 0;
  private lastCmdAnswer = 0;
  private lastCmdUs: number | undefined;

  constructor(
    public address: number,
    protected readonly context: SlaveContext,
  ) {}

  protected record(command: number, extended: boolean, id: number, answer: number): void {
    this.lastCmd = (extended ? EXTENDED_BASE : ABBREVIATED_BASE) + command;
    this.lastCmdId = id;
    this.lastCmdAnswer = answer;
    this.lastCmdUs = this.context.nowUs();
  }

  inquiry(): SlaveReply {
    const time = this.lastCmdUs === undefined ? [0, 0, 0, 0, 0, 0, 0, 0] : timeBytes(this.lastCmdUs - this.timeOffsetUs);
    return { code: ReceiverCode.ack, data: [this.lastCmd, this.lastCmdId, this.lastCmdAnswer, ...time] };
  }

  reset(): SlaveReply {
    this.lastCmd = 0;
    this.lastCmdId = 0;
    this.lastCmdAnswer = 0;
    this.lastCmdUs = undefined;
    return { code: ReceiverCode.ack };
  }

  version(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.version, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack, data: [...RECEIVER_VERSION] };
  }

  save(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.save, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack };
  }

  restore(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.restore, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack };
  }

  getAddress(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.getAddress, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack, data: [this.address] };
  }

  setAddress(id: number, extended: boolean, params: number[], taken: (address: number) => boolean): SlaveReply {
    let code: number = ReceiverCode.ack;
    const address = params[0] as number;
    if (params.length !== 1) code = ReceiverCode.format;
    else if (!isAcceptedSlaveAddress(address) || taken(address)) code = ReceiverCode.data;
    else this.address = address;
    this.record(ReceiverCommand.setAddress, extended, id, code);
    return { code };
  }

  getTime(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.getTime, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack, data: timeBytes(this.context.nowUs() - this.timeOffsetUs) };
  }

  setTime(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number = ReceiverCode.ack;
    if (params.length !== 8) code = ReceiverCode.format;
    else {
      const date = parseTime(params);
      if (date === undefined) code = ReceiverCode.data;
      else this.timeOffsetUs = this.context.nowUs() - date;
    }
    this.record(ReceiverCommand.setTime, extended, id, code);
    return { code };
  }

  getFrame(id: number, extended: boolean): SlaveReply {
    this.record(ReceiverCommand.getFrame, extended, id, ReceiverCode.ack);
    return { code: ReceiverCode.ack, data: [this.frameSize] };
  }

  setFrame(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number;
    if (params.length !== 1) code = ReceiverCode.format;
    else if (!isAcceptedFrameSize(params[0] as number)) code = ReceiverCode.frameSize;
    else {
      this.frameSize = params[0] as number;
      code = ReceiverCode.ack;
    }
    this.record(ReceiverCommand.setFrame, extended, id, code);
    return { code };
  }

  /** Checks data type, port type and port number; undefined when valid. */
  protected checkPort(dataType: number, portType: number, portNumber: number): number | undefined {
    if (!isDataType(dataType)) return ReceiverCode.dataType;
    if (!isPortType(portType)) return ReceiverCode.portType;
    if (!isPortNumber(portNumber)) return ReceiverCode.portNumber;
    return undefined;
  }

  getPort(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number;
    let data: number[] = [];
    if (params.length !== 3) code = ReceiverCode.format;
    else {
      const [dt, pt, pn] = params as [number, number, number];
      code = this.checkPort(dt, pt, pn) ?? ReceiverCode.ack;
      if (code === ReceiverCode.ack) data = [...(this.portSettings.get(key(dt, pt, pn)) ?? [0])];
    }
    this.record(ReceiverCommand.getPort, extended, id, code);
    return { code, data };
  }

  setPort(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number;
    if (params.length !== 4) code = ReceiverCode.format;
    else {
      const [dt, pt, pn, setting] = params as [number, number, number, number];
      code = this.checkPort(dt, pt, pn) ?? ReceiverCode.ack;
      if (code === ReceiverCode.ack) this.portSettings.set(key(dt, pt, pn), [setting]);
    }
    this.record(ReceiverCommand.setPort, extended, id, code);
    return { code };
  }

  getData(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number;
    let data: number[] = [];
    if (params.length !== 3) code = ReceiverCode.format;
    else {
      const [dt, pt, pn] = params as [number, number, number];
      code = this.checkPort(dt, pt, pn) ?? ReceiverCode.ack;
      if (code === ReceiverCode.ack) data = this.readData(dt, pt, pn);
    }
    this.record(ReceiverCommand.getData, extended, id, code);
    return { code, data };
  }

  /** Data of a valid port address (boards override). */
  protected readData(dataType: number, portType: number, portNumber: number): number[] {
    return [...(this.portSettings.get(key(dataType, portType, portNumber)) ?? [0])];
  }

  setData(id: number, extended: boolean, params: number[]): SlaveReply {
    let code: number;
    if (params.length < 4) code = ReceiverCode.format;
    else {
      const [dt, pt, pn] = params as [number, number, number];
      code = this.checkPort(dt, pt, pn) ?? this.writeData(dt, pt, pn, params.slice(3));
    }
    this.record(ReceiverCommand.setData, extended, id, code);
    return { code };
  }

  /** Stores data at a valid port address; returns the reply code (boards override). */
  protected writeData(dataType: number, portType: number, portNumber: number, setting: number[]): number {
    this.portSettings.set(key(dataType, portType, portNumber), setting);
    return ReceiverCode.ack;
  }
}

/** Digital I/O of Dewar and Switch boards: a single 0/1 byte per B01 DIO port. */
function digitalValue(setting: number[]): number | undefined {
  if (setting.length !== 1) return undefined;
  const value = setting[0] as number;
  return value === 0 || value === 1 ? value : undefined;
}

/** The cryostat board: LO selector, vacuum, cool head, calibration and observing-mode lines. */
export class Dewar extends Slave {
  loSelector = 0;
  vacuumSensor = 1;
  vacuumPump = 1;
  vacuumPumpFault = 0;
  vacuumValve = 1;
  coolHead = 1;
  calibration = 0;
  extCalibration = 0;
  singleDish = 0;
  vlbi = 0;
  isRemote = 1;
  isSingleDish = 0;
  isVlbi = 0;

  protected dioRead(port: number): number | undefined {
    switch (port) {
      case 0: return this.loSelector;
      case 4: return this.vacuumSensor;
      case 5: return this.vacuumPump;
      case 6: return this.vacuumPumpFault;
      case 7: return this.vacuumValve;
      case 8: return this.coolHead;
      case 11: return this.calibration;
      case 12: return this.calibration;
      case 13: return this.singleDish;
      case 14: return this.vlbi;
      case 16: return this.loSelector === 0 ? 1 : 0;
      case 17: return this.loSelector === 1 ? 1 : 0;
      case 18: return this.loSelector === 1 ? 1 : 0;
      case 24: return this.coolHead;
      case 26: return this.isRemote;
      case 29: return this.isSingleDish;
      case 30: return this.isVlbi;
      default: return undefined;
    }
  }

  protected override readData(dataType: number, portType: number, portNumber: number): number[] {
    if (portType === PortType.ad24 && dataType === DataType.f32) return new Array<number>(32).fill(0);
    if (portType === PortType.dio && dataType === DataType.b01) {
      const value = this.dioRead(portNumber);
      // The reference fails (no reply at all) on a digital port it does not know.
      if (value === undefined) throw new DeviceError(`unknown digital port ${portNumber}`);
      return [value];
    }
    return super.readData(dataType, portType, portNumber);
  }

  protected dioWrite(port: number, value: number): void {
    switch (port) {
      case 0: this.loSelector = value; break;
      case 4: this.vacuumSensor = value; break;
      case 5: this.vacuumPump = value; break;
      case 7: this.vacuumValve = value; break;
      case 8: this.coolHead = value; break;
      case 11:
      case 12: this.calibration = value; break;
      case 13:
        this.singleDish = value;
        if (value === 0) [this.isSingleDish, this.isVlbi] = [1, 0];
        break;
      case 14:
        this.vlbi = value;
        if (value === 0) [this.isSingleDish, this.isVlbi] = [0, 1];
        break;
    }
  }

  // Dewar and Switch keep no generic port settings: other writes are acknowledged and dropped.
  protected override writeData(dataType: number, portType: number, portNumber: number, setting: number[]): number {
    if (dataType === DataType.b01 && portType === PortType.dio) {
      const value = digitalValue(setting);
      if (value === undefined) return ReceiverCode.data;
      this.dioWrite(portNumber, value);
    }
    return ReceiverCode.ack;
  }
}

/** The IF switch board (TriBand): Dewar lines plus outputs 1/2 driving four switches. */
export class Switch extends Dewar {
  out1 = 0;
  out2 = 0;
  swa = 2;
  swb = 2;
  swc = 2;
  swd = 2;

  protected override dioRead(port: number): number | undefined {
    const through = (sw: number) => (this.out2 === 1 ? (sw === 0 ? 1 : 0) : sw === 1 ? 1 : 0);
    switch (port) {
      case 1: return this.out1;
      case 2: return this.out2;
      case 16: return through(this.swa);
      case 17: return through(this.swb);
      case 18: return through(this.swc);
      case 19: return through(this.swd);
      default: return super.dioRead(port);
    }
  }

  protected override dioWrite(port: number, value: number): void {
    if (port === 1) {
      this.out1 = value;
      if (value === 1) {
        const crossed = this.loSelector === 1;
        [this.swa, this.swd] = crossed ? [0, 0] : [1, 1];
        [this.swb, this.swc] = crossed ? [1, 1] : [0, 0];
      } else {
        this.swa = this.swb = this.swc = this.swd = 2;
      }
    } else if (port === 2) {
      this.out2 = value;
    } else {
      super.dioWrite(port, value);
    }
  }
}

/** The LNA board: bias readings through the AD24 converter (all zero) and the L/R enable lines. */
export class Lna extends Slave {
  ad = 0;
  en = 0;
  leftOn = 0;
  rightOn = 0;

  constructor(
    address: number,
    context: SlaveContext,
    readonly feeds = 1,
  ) {
    super(address, context);
  }

  protected override readData(dataType: number, portType: number, portNumber: number): number[] {
    if (dataType === DataType.f32) {
      // Eight f32 drain voltages/currents or gate voltages (L, R for four feeds); the simulated biases are 0.
      if (portType === PortType.ad24) return new Array<number>(32).fill(0);
      // The reference fails (no reply at all) for f32 on any other port type.
      throw new DeviceError('f32 data is only available on the AD24 port');
    }
    return super.readData(dataType, portType, portNumber);
  }

  protected override writeData(dataType: number, portType: number, portNumber: number, setting: number[]): number {
    let code: number | undefined;
    if (portType === PortType.dio) {
      if (dataType === DataType.b01) {
        if (setting.length !== 1) code = ReceiverCode.data;
        else if (portNumber === 8) {
          this.leftOn = setting[0] as number;
          code = ReceiverCode.ack;
        } else if (portNumber === 9) {
          this.rightOn = setting[0] as number;
          code = ReceiverCode.ack;
        }
      } else if (dataType === DataType.u08) {
        if (setting.length !== 1) code = ReceiverCode.data;
        if (portNumber === PORT_GROUP_00_07) {
          // AD selects the stage and quantity, EN the feed group: high and low nibble of the first byte.
          this.ad = (setting[0] as number) >> 4;
          this.en = (setting[0] as number) & 0x0f;
          code = ReceiverCode.ack;
        }
      }
    }
    return code ?? super.writeData(dataType, portType, portNumber, setting);
  }
}
