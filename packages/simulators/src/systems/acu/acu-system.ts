import { silentLogger, type Logger } from '@observatory/core';
import type { Clock, Parser, ParseResult, Sink, System, TimerHandle } from '../../framework/index.js';
import { Broadcaster, DeviceError } from '../../framework/index.js';
import { dayMilliseconds } from '../../utils/index.js';
import { AXIS_STATUS_LENGTH, SlaveAxisStatus } from './axis-status.js';
import { MasterAxis } from './master-axis.js';
import { POINTING_STATUS_LENGTH, PointingStatus } from './pointing-status.js';
import {
  ACU_END_FLAG,
  ACU_MAX_MESSAGE_LENGTH,
  ACU_START_FLAG,
  ACU_STATUS_LENGTH,
  AcuCommandId,
  AcuSubsystem,
  splitAcuCommands,
  type RawAcuCommand,
} from './protocol.js';
import { GENERAL_STATUS_LENGTH, MOTOR_STATUS_LENGTH, writeFacilityStatus, writeGeneralStatus, writeMotorStatus } from './static-status.js';

/** Default status period (the reference's 0.1 s). */
export const ACU_SAMPLING_PERIOD_MS = 100;
/** Axes and trajectory are updated this many times per status period. */
export const ACU_UPDATES_PER_PERIOD = 20;

// Block offsets in the 813-byte status message.
const GENERAL_AT = 12;
const AZ_AT = GENERAL_AT + GENERAL_STATUS_LENGTH; // 37
const EL_AT = AZ_AT + AXIS_STATUS_LENGTH; // 129
const CW_AT = EL_AT + AXIS_STATUS_LENGTH; // 221
const MOTORS_AT = CW_AT + AXIS_STATUS_LENGTH; // 313
const MOTOR_COUNT = 13;
const POINTING_AT = MOTORS_AT + MOTOR_COUNT * MOTOR_STATUS_LENGTH; // 664
const FACILITY_AT = POINTING_AT + POINTING_STATUS_LENGTH; // 793
const END_AT = ACU_STATUS_LENGTH - 4; // 809

export interface AcuSystemOptions {
  clock: Clock;
  /** Status period (default 100 ms). */
  samplingPeriodMs?: number;
  logger?: Logger;
}

/**
 * The Antenna Control Unit: a binary command port (never answers) and a status stream. Azimuth (8 motors,
 * 0.85 °/s, −90..450°, starts at 180°), elevation (4 motors, 0.5 °/s, 5..90°, starts and stows at 90°),
 * cable wrap (follows azimuth), pointing (time, program track). A loop on the injected clock advances the
 * axes 20 times per period and publishes one 813-byte status message per period.
 */
export class AcuSystem implements System {
  readonly samplingPeriodMs: number;
  readonly azimuth: MasterAxis;
  readonly elevation: MasterAxis;
  readonly cableWrap: SlaveAxisStatus;
  readonly pointing: PointingStatus;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly broadcaster = new Broadcaster();
  private readonly frame = new Uint8Array(ACU_STATUS_LENGTH);
  private readonly frameView = new DataView(this.frame.buffer);
  /** Counter of the last accepted message: a repeat is refused (shared by every connection). */
  private lastCounter: number | undefined;
  private timer: TimerHandle | undefined;
  private loopStart = 0;
  private ticks = 0;
  private disposed = false;

  constructor(options: AcuSystemOptions) {
    this.clock = options.clock;
    this.log = options.logger ?? silentLogger;
    this.samplingPeriodMs = options.samplingPeriodMs ?? ACU_SAMPLING_PERIOD_MS;
    this.azimuth = new MasterAxis({
      name: 'azimuth',
      motors: 8,
      maxVelocity: 0.85,
      maxAcceleration: 0.4,
      minPosition: -90,
      maxPosition: 450,
      startPosition: 180,
      now: () => this.clock.now(),
    });
    this.elevation = new MasterAxis({
      name: 'elevation',
      motors: 4,
      maxVelocity: 0.5,
      maxAcceleration: 0.25,
      minPosition: 5,
      maxPosition: 90,
      startPosition: 90,
      stowPositions: [90],
      now: () => this.clock.now(),
    });
    this.cableWrap = new SlaveAxisStatus(1, this.azimuth);
    this.pointing = new PointingStatus(this.azimuth, this.elevation, this.nowUs());
    this.frame.set(ACU_START_FLAG, 0);
    this.frameView.setUint32(4, ACU_STATUS_LENGTH, true);
    writeGeneralStatus(this.frameView, GENERAL_AT);
    for (let i = 0; i < MOTOR_COUNT; i++) writeMotorStatus(this.frameView, MOTORS_AT + i * MOTOR_STATUS_LENGTH);
    writeFacilityStatus(this.frameView, FACILITY_AT);
    this.frame.set(ACU_END_FLAG, END_AT);
    this.updateSubsystems();
    this.refreshFrame();
    this.loopStart = this.clock.now();
    this.runTick();
  }

  private nowUs(): number {
    return Math.floor(this.clock.now() * 1000);
  }

  createParser(): Parser {
    return new AcuParser(this);
  }

  subscribe(sink: Sink): void {
    this.broadcaster.subscribe(sink);
  }

  unsubscribe(sink: Sink): void {
    this.broadcaster.unsubscribe(sink);
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The status message as it would be sent now (a copy; the stream itself refreshes every period). */
  status(): Uint8Array {
    this.refreshFrame();
    return this.frame.slice();
  }

  /** Checks a message counter: a repeat of the previous one is refused. */
  acceptCounter(counter: number): void {
    if (counter === this.lastCounter) throw new DeviceError('Duplicated command counter.');
    this.lastCounter = counter;
  }

  /** Executes the commands of a complete, well-framed message. */
  execute(message: Uint8Array): void {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    const commands = splitAcuCommands(message.subarray(16, message.length - 4), view.getInt32(12, true));
    // As the reference, commands before an invalid one have already started.
    for (const command of commands) this.dispatch(command);
  }

  private dispatch(command: RawAcuCommand): void {
    const axis =
      command.subsystem === AcuSubsystem.azimuth ? this.azimuth : command.subsystem === AcuSubsystem.elevation ? this.elevation : undefined;
    if (axis && command.id === AcuCommandId.mode) return axis.handleModeCommand(command.bytes);
    if (axis && command.id === AcuCommandId.parameter) return axis.handleParameterCommand(command.bytes);
    if (command.subsystem === AcuSubsystem.pointing && command.id === AcuCommandId.parameter) {
      return this.pointing.parameterCommandBytes(command.bytes, this.nowUs());
    }
    if (command.subsystem === AcuSubsystem.pointing && command.id === AcuCommandId.programTrack) {
      return this.pointing.programTrackCommandBytes(command.bytes);
    }
    throw new DeviceError('Command has invalid parameters.');
  }

  private updateSubsystems(): void {
    this.pointing.update(this.nowUs());
    this.azimuth.advance();
    this.elevation.advance();
    this.azimuth.update();
    this.elevation.update();
    this.cableWrap.update();
  }

  private refreshFrame(): void {
    this.frameView.setUint32(8, dayMilliseconds(BigInt(this.nowUs())), true);
    this.azimuth.encode(this.frameView, AZ_AT);
    this.elevation.encode(this.frameView, EL_AT);
    this.cableWrap.encode(this.frameView, CW_AT);
    this.pointing.encode(this.frameView, POINTING_AT);
  }

  /** One loop iteration; every 20th refreshes and publishes the status. Deadlines do not drift. */
  private runTick(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    try {
      if (this.ticks > 0) this.updateSubsystems();
      if (this.ticks % ACU_UPDATES_PER_PERIOD === 0) {
        this.refreshFrame();
        this.broadcaster.publish(this.frame.slice());
      }
    } catch (err) {
      // A bug in one iteration must not stop the stream.
      this.log.error({ err }, 'ACU loop iteration failed');
    }
    this.ticks += 1;
    const step = this.samplingPeriodMs / ACU_UPDATES_PER_PERIOD;
    let due = this.loopStart + this.ticks * step;
    if (now - due > this.samplingPeriodMs) {
      // Far behind (a blocked event loop): restart the schedule rather than burst.
      this.loopStart = now - this.ticks * step;
      due = now;
    }
    this.timer = this.clock.setTimeout(() => this.runTick(), Math.max(0, due - this.clock.now()));
  }
}

/** Per-connection frame assembly: start flag, length, counter, count, commands, end flag. */
class AcuParser implements Parser {
  private msg: number[] = [];
  private length = 0;

  constructor(private readonly system: AcuSystem) {}

  private reset(): void {
    this.msg = [];
    this.length = 0;
  }

  parse(byte: number): ParseResult {
    const msg = this.msg;
    msg.push(byte);
    const n = msg.length;
    if (n <= 4 && byte !== ACU_START_FLAG[n - 1]) {
      this.reset();
      return false;
    }
    if (n === 8) {
      this.length = (msg[4] as number) | ((msg[5] as number) << 8) | ((msg[6] as number) << 16) | (((msg[7] as number) << 24) >>> 0);
      this.length >>>= 0;
      if (this.length < 20 || this.length > ACU_MAX_MESSAGE_LENGTH) {
        const length = this.length;
        this.reset();
        throw new DeviceError(`Invalid message length ${length}.`);
      }
    } else if (n === 12) {
      const counter = ((msg[8] as number) | ((msg[9] as number) << 8) | ((msg[10] as number) << 16) | ((msg[11] as number) << 24)) >>> 0;
      try {
        this.system.acceptCounter(counter);
      } catch (err) {
        this.reset();
        throw err;
      }
    }
    if (n > 16 && n === this.length) {
      const message = Uint8Array.from(msg);
      this.reset();
      for (let i = 0; i < 4; i++) {
        if (message[n - 4 + i] !== ACU_END_FLAG[i]) throw new DeviceError('Wrong end flag.');
      }
      this.system.execute(message);
    }
    return true;
  }
}
