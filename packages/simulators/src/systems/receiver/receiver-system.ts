import type { Clock, Parser, ParseResult, System } from '../../framework/index.js';
import {
  ReceiverCode,
  ReceiverCommand,
  SLAVE_BROADCAST_NO_ANSWER,
  SLAVE_BROADCAST_WITH_ANSWER,
  SOH,
  STX,
  EOT,
  commandNumber,
  isAbbreviated,
  isAccepted,
  isExtended,
  takesParams,
} from './definitions.js';
import { Dewar } from './dewar.js';
import { Lna } from './lna.js';
import { Slave, type SlaveContext, type SlaveReply } from './slave.js';
import { Switch } from './switch.js';

export type ReceiverBoard = 'Slave' | 'Dewar' | 'LNA' | 'Switch';

export interface ReceiverSystemOptions {
  clock: Clock;
  board?: ReceiverBoard;
  /** Slave addresses on this port (default 1..1). */
  minIndex?: number;
  maxIndex?: number;
  /** LNA feeds. */
  feeds?: number;
}

/** XOR of all bytes (the extended frame's checksum). */
export function xorChecksum(bytes: readonly number[]): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/**
 * A receiver board port: one or more slaves of one board type behind the MCB protocol. Abbreviated
 * frames `01 slave master cmd id [len params]`, extended frames add `xor 04`; replies
 * `02 master slave cmd id code [len data] [xor 04]`. Slave 7F is a broadcast every slave answers, 00 a
 * broadcast none answers.
 */
export class ReceiverSystem implements System {
  /** Slaves by address, in creation order (renamed in place by set-address). */
  readonly slaves = new Map<number, Slave>();
  private readonly context: SlaveContext;

  constructor(options: ReceiverSystemOptions) {
    const clock = options.clock;
    this.context = { nowUs: () => Math.floor(clock.now() * 1000) };
    const board = options.board ?? 'Slave';
    for (let address = options.minIndex ?? 1; address <= (options.maxIndex ?? 1); address++) {
      const slave =
        board === 'Dewar'
          ? new Dewar(address, this.context)
          : board === 'Switch'
            ? new Switch(address, this.context)
            : board === 'LNA'
              ? new Lna(address, this.context, options.feeds ?? 1)
              : new Slave(address, this.context);
      this.slaves.set(address, slave);
    }
  }

  createParser(): Parser {
    return new ReceiverParser(this);
  }

  /** Executes a complete frame; returns every slave's reply concatenated, or true when none is due. */
  execute(msg: number[]): ParseResult {
    const [, slaveAddress, master, command, id] = msg as [number, number, number, number, number];
    const extended = isExtended(command);
    const checksumError = extended && msg[msg.length - 2] !== xorChecksum(msg.slice(0, -2));
    let params: number[] = [];
    if (takesParams(command)) params = extended ? msg.slice(6, -2) : msg.slice(6);
    let answer = true;
    let targets: number[];
    if (slaveAddress === SLAVE_BROADCAST_NO_ANSWER || slaveAddress === SLAVE_BROADCAST_WITH_ANSWER) {
      targets = [...this.slaves.keys()];
      answer = slaveAddress === SLAVE_BROADCAST_WITH_ANSWER;
    } else {
      targets = [slaveAddress];
    }
    const out: number[] = [];
    for (const address of targets) {
      const slave = this.slaves.get(address);
      if (!slave) continue;
      const reply = [STX, master, address, command, id];
      if (!isAccepted(command)) {
        out.push(...reply, ReceiverCode.unknownCommand);
        continue;
      }
      if (checksumError) reply.push(ReceiverCode.checksum);
      else this.run(slave, address, command, id, params, reply);
      if (extended) reply.push(xorChecksum(reply), EOT);
      out.push(...reply);
    }
    return answer && out.length > 0 ? Uint8Array.from(out) : true;
  }

  private run(slave: Slave, address: number, command: number, id: number, params: number[], reply: number[]): void {
    const ext = isExtended(command);
    const withData = (r: SlaveReply) => reply.push(r.code, (r.data ?? []).length, ...(r.data ?? []));
    const withPortData = (r: SlaveReply) => {
      reply.push(r.code);
      if (r.code === ReceiverCode.ack) {
        const data = [...params.slice(0, 3), ...(r.data ?? [])];
        reply.push(data.length, ...data);
      }
    };
    switch (commandNumber(command)) {
      case ReceiverCommand.inquiry:
        return void withData(slave.inquiry());
      case ReceiverCommand.reset:
        return void reply.push(slave.reset().code);
      case ReceiverCommand.version:
        return void withData(slave.version(id, ext));
      case ReceiverCommand.save:
        return void reply.push(slave.save(id, ext).code);
      case ReceiverCommand.restore:
        return void reply.push(slave.restore(id, ext).code);
      case ReceiverCommand.getAddress:
        return void withData(slave.getAddress(id, ext));
      case ReceiverCommand.setAddress: {
        const r = slave.setAddress(id, ext, params, (a) => this.slaves.has(a));
        if (r.code === ReceiverCode.ack) {
          this.slaves.delete(address);
          this.slaves.set(params[0] as number, slave);
        }
        return void reply.push(r.code);
      }
      case ReceiverCommand.getTime:
        return void withData(slave.getTime(id, ext));
      case ReceiverCommand.setTime:
        return void reply.push(slave.setTime(id, ext, params).code);
      case ReceiverCommand.getFrame:
        return void withData(slave.getFrame(id, ext));
      case ReceiverCommand.setFrame:
        return void reply.push(slave.setFrame(id, ext, params).code);
      case ReceiverCommand.getPort:
        return void withPortData(slave.getPort(id, ext, params));
      case ReceiverCommand.setPort:
        return void reply.push(slave.setPort(id, ext, params).code);
      case ReceiverCommand.getData:
        return void withPortData(slave.getData(id, ext, params));
      case ReceiverCommand.setData:
        return void reply.push(slave.setData(id, ext, params).code);
    }
  }
}

/** Per-connection frame assembly, following the reference's length rules byte by byte. */
class ReceiverParser implements Parser {
  private msg: number[] = [];

  constructor(private readonly system: ReceiverSystem) {}

  private complete(): ParseResult {
    const msg = this.msg;
    this.msg = [];
    return this.system.execute(msg);
  }

  parse(byte: number): ParseResult {
    const n = this.msg.length;
    if (n === 0) {
      if (byte !== SOH) return false;
      this.msg.push(byte);
      return true;
    }
    this.msg.push(byte);
    if (n === 4) {
      const command = this.msg[3] as number;
      // Abbreviated commands without parameters (and unknown ones) end after the id.
      if ((isAbbreviated(command) && !takesParams(command)) || !isAccepted(command)) return this.complete();
    } else if (n >= 6) {
      const command = this.msg[3] as number;
      const length = this.msg[5] as number;
      const size = this.msg.length;
      if (size === 7 && isExtended(command) && !takesParams(command)) return this.complete();
      if (size === 6 + length) {
        if (isAbbreviated(command) && takesParams(command)) return this.complete();
      } else if (size === 8 + length) {
        return this.complete();
      }
    }
    return true;
  }
}
