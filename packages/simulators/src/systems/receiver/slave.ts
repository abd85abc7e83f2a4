import {
  ABBREVIATED_BASE,
  EXTENDED_BASE,
  isAcceptedFrameSize,
  isAcceptedSlaveAddress,
  isDataType,
  isPortNumber,
  isPortType,
  RECEIVER_VERSION,
  ReceiverCode,
  ReceiverCommand,
} from './definitions.js';
import { parseTime, timeBytes } from './time-codec.js';

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

  /** getPort and getData: three address bytes in, the port's bytes out (`read` runs for a valid address only). */
  private readAt(
    command: number,
    id: number,
    extended: boolean,
    params: number[],
    read: (dataType: number, portType: number, portNumber: number) => number[],
  ): SlaveReply {
    let code: number;
    let data: number[] = [];
    if (params.length !== 3) code = ReceiverCode.format;
    else {
      const [dt, pt, pn] = params as [number, number, number];
      code = this.checkPort(dt, pt, pn) ?? ReceiverCode.ack;
      if (code === ReceiverCode.ack) data = read(dt, pt, pn);
    }
    this.record(command, extended, id, code);
    return { code, data };
  }

  /** The stored setting of a port address (0 when never set). */
  private storedSetting(dataType: number, portType: number, portNumber: number): number[] {
    return [...(this.portSettings.get(key(dataType, portType, portNumber)) ?? [0])];
  }

  getPort(id: number, extended: boolean, params: number[]): SlaveReply {
    return this.readAt(ReceiverCommand.getPort, id, extended, params, (dt, pt, pn) => this.storedSetting(dt, pt, pn));
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
    return this.readAt(ReceiverCommand.getData, id, extended, params, (dt, pt, pn) => this.readData(dt, pt, pn));
  }

  /** Data of a valid port address (boards override). */
  protected readData(dataType: number, portType: number, portNumber: number): number[] {
    return this.storedSetting(dataType, portType, portNumber);
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
