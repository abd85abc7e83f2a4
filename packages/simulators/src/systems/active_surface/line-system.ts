import type { Clock, Parser, ParseResult, System, TimerHandle } from '../../framework/index.js';
import { DeviceError } from '../../framework/index.js';
import { bytesToInt, checksum, intToBytes, sign, twosToInt } from '../../utils/index.js';
import { USD_ACK, USD_DELAY_STEP_MS, USD_NAK, USD_NEVER_ANSWER, USD_START_NO_ADDRESS, USD_START_WITH_ADDRESS, UsdCommand } from './protocol.js';
import { USD_RESET_DELAY_S, Usd } from './usd.js';

/** Positioning runs every 10 ms while some USD moves or counts down to standby. */
export const USD_POSITIONING_PERIOD_MS = 10;

export interface ActiveSurfaceLineOptions {
  clock: Clock;
  /** USD indexes on the line (SRT: 1..17). */
  minUsdIndex?: number;
  maxUsdIndex?: number;
}

type Reply = number[] | undefined;
type Handler = (usd: Usd | undefined, start: number, params: number[], line: ActiveSurfaceLine) => Reply;

/** Setter with a fixed parameter count: NAK on a wrong count, else ACK (broadcasts apply to every USD). */
function setter(count: number, apply: (usd: Usd, params: number[]) => boolean | void, onlyFirstOnBroadcast = false): Handler {
  return (usd, _start, params, line) => {
    if (params.length !== count) return usd ? [USD_NAK] : undefined;
    if (!usd) {
      // The reference's broadcast of 0x22 returns after the first USD.
      for (const each of onlyFirstOnBroadcast ? line.drivers.slice(0, 1) : line.drivers) apply(each, params);
      return undefined;
    }
    return apply(usd, params) === false ? [USD_NAK] : [USD_ACK];
  };
}

/** Getter: `06, start, [nbyte<<5 | usd when FC], data, checksum`; NAK with parameters; broadcasts unanswered. */
function getter(nbyte: number, data: (usd: Usd) => number[]): Handler {
  return (usd, start, params) => {
    if (!usd) return undefined;
    if (params.length > 0) return [USD_NAK];
    const reply = [USD_ACK, start];
    if (start === USD_START_WITH_ADDRESS) reply.push(((nbyte & 7) << 5) | usd.index);
    reply.push(...data(usd));
    reply.push(checksum(Uint8Array.from(reply)));
    return reply;
  };
}

const be = (params: number[]) => bytesToInt(Uint8Array.from(params), false);

const HANDLERS = new Map<number, Handler>([
  [UsdCommand.softReset, setter(0, (usd) => usd.softReset())],
  [UsdCommand.softTrigger, setter(0, (usd) => usd.softTrigger())],
  [UsdCommand.getVersion, getter(1, (usd) => [usd.version[0] + usd.version[1] + 0x0f])],
  [UsdCommand.softStop, setter(0, (usd) => usd.softStop())],
  [UsdCommand.getPosition, getter(4, (usd) => [...intToBytes(usd.currentPosition, 4, false)])],
  [UsdCommand.getStatus, getter(3, (usd) => usd.status())],
  [UsdCommand.getDriverType, getter(1, (usd) => [usd.driverType])],
  [UsdCommand.setMinFrequency, setter(2, (usd, p) => usd.setMinFrequency(be(p)))],
  [UsdCommand.setMaxFrequency, setter(2, (usd, p) => usd.setMaxFrequency(be(p)))],
  [UsdCommand.setSlopeDelayer, setter(1, (usd, p) => void (usd.slopeDelayer = (p[0] as number) + 1), true)],
  [UsdCommand.setReferencePosition, setter(4, (usd, p) => void (usd.referencePosition = be(p)))],
  [UsdCommand.setIoPins, setter(1, (usd, p) => usd.setIoPins(p[0] as number))],
  // Codes >= 8 select automatic resolution (the reference reads the first digit of the binary text).
  [UsdCommand.setResolution, setter(1, (usd, p) => usd.setResolution((p[0] as number) >= 8 ? undefined : p[0]))],
  [UsdCommand.setCurrentReduction, setter(1, (usd, p) => usd.setCurrentReduction((p[0] as number) >> 6, (p[0] as number) & 0x3f))],
  [UsdCommand.setResponseDelay, setter(1, (usd, p) => void (usd.delayMultiplier = p[0] as number))],
  [UsdCommand.setDelayedExecution, setter(1, (usd, p) => usd.setDelayedExecution(p[0] as number))],
  [UsdCommand.setStopIo, setter(1, (usd, p) => usd.setStopIo(p[0] as number))],
  [UsdCommand.setPositioningIo, setter(1, (usd, p) => usd.setPositioningIo(p[0] as number))],
  [UsdCommand.setHomeIo, setter(1, (usd, p) => usd.setHomeIo(p[0] as number))],
  [UsdCommand.setWorkingMode, setter(2, (usd, p) => usd.setWorkingMode(p))],
  [UsdCommand.setAbsolutePosition, setter(4, (usd, p) => usd.setAbsolutePosition(be(p)))],
  [UsdCommand.setRelativePosition, setter(4, (usd, p) => usd.setRelativePosition(be(p)))],
  [UsdCommand.rotate, setter(1, (usd, p) => usd.rotate(sign(twosToInt((p[0] as number).toString(2).padStart(8, '0')))))],
  [
    UsdCommand.setVelocity,
    (usd, start, params, line) => {
      if (params.length === 3 && Math.abs(be(params)) > 100000) return usd ? [USD_NAK] : undefined;
      return setter(3, (each, p) => each.setVelocity(be(p)))(usd, start, params, line);
    },
  ],
]);

/**
 * One active-surface line (a TCP port): up to 32 USDs (SRT: 1..17) sharing a serial bus. Commands are
 * executed at once; replies (addressed commands only) wait the USD's response delay. A positioning loop
 * on the injected clock moves the USDs every 10 ms.
 */
export class ActiveSurfaceLine implements System {
  readonly drivers: Usd[] = [];
  private readonly byIndex = new Map<number, Usd>();
  private readonly clock: Clock;
  private timer: TimerHandle | undefined;
  private lastStep = 0;
  private disposed = false;

  constructor(options: ActiveSurfaceLineOptions) {
    this.clock = options.clock;
    const min = options.minUsdIndex ?? 0;
    const max = options.maxUsdIndex ?? 31;
    if (!(min >= 0 && min <= 31)) throw new RangeError('Choose a minimum USD index between 0 and 31!');
    if (!(max >= 0 && max <= 31)) throw new RangeError('Choose a maximum USD index between 0 and 31!');
    if (max < min) throw new RangeError('max_usd_index cannot be lower than min_usd_index!');
    for (let i = min; i <= max; i++) {
      const usd = new Usd(i);
      this.drivers.push(usd);
      this.byIndex.set(i, usd);
    }
  }

  createParser(): Parser {
    return new UsdFrameParser(this);
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  usd(index: number): Usd | undefined {
    return this.byIndex.get(index);
  }

  /** Executes a complete frame (checksum included); see the framework's parse contract for the result. */
  execute(frame: number[]): ParseResult | Promise<ParseResult> {
    const bytes = Uint8Array.from(frame);
    if (checksum(bytes.subarray(0, -1)) !== bytes[bytes.length - 1]) throw new DeviceError('Checksum error.');
    const start = bytes[0] as number;
    const broadcast = bytes[1] === 0;
    const command = (broadcast ? bytes[3] : bytes[2]) as number;
    const params = [...(broadcast ? bytes.subarray(4, -1) : bytes.subarray(3, -1))];
    const handler = HANDLERS.get(command);
    if (!handler) throw new DeviceError(`Unknown command: 0x${command.toString(16)}`);
    let usd: Usd | undefined;
    if (!broadcast) {
      const index = (bytes[1] as number) & 0x1f;
      usd = this.byIndex.get(index);
      if (!usd) throw new DeviceError(`USD ${index} is not on this line.`);
    }
    const reply = handler(usd, start, params, this);
    this.ensurePositioning();
    // A reset takes 100 ms per USD (all of them for a broadcast), overlapping the response delay.
    const resetMs = command === UsdCommand.softReset && params.length === 0 ? USD_RESET_DELAY_S * 1000 * (usd ? 1 : this.drivers.length) : 0;
    if (!usd) return resetMs > 0 ? this.clock.sleep(resetMs).then(() => true) : true;
    if (usd.delayMultiplier === USD_NEVER_ANSWER) return resetMs > 0 ? this.clock.sleep(resetMs).then(() => true) : true;
    const waitMs = Math.max(resetMs, usd.delayMultiplier * USD_DELAY_STEP_MS);
    const answer = Uint8Array.from(reply ?? []);
    if (answer.length === 0) return true;
    return waitMs > 0 ? this.clock.sleep(waitMs).then(() => answer) : answer;
  }

  /** Starts the positioning loop when some USD has work; it stops itself when all are idle. */
  private ensurePositioning(): void {
    if (this.timer !== undefined || this.disposed || !this.drivers.some((d) => d.busy)) return;
    this.lastStep = this.clock.now();
    this.timer = this.clock.setTimeout(() => this.position(), USD_POSITIONING_PERIOD_MS);
  }

  private position(): void {
    this.timer = undefined;
    if (this.disposed) return;
    const now = this.clock.now();
    const elapsed = (now - this.lastStep) / 1000;
    this.lastStep = now;
    for (const usd of this.drivers) usd.calcPosition(now / 1000, elapsed);
    if (this.drivers.some((d) => d.busy)) {
      this.timer = this.clock.setTimeout(() => this.position(), USD_POSITIONING_PERIOD_MS);
    }
  }
}

/** Per-connection frame assembly (addressed `start, nbyte<<5|usd, cmd, params, chk` or broadcast `start, 0, nbyte, cmd, params, chk`). */
class UsdFrameParser implements Parser {
  private msg: number[] = [];
  private broadcast = false;
  private expected = 0;

  constructor(private readonly line: ActiveSurfaceLine) {}

  private reset(): void {
    this.msg = [];
    this.broadcast = false;
    this.expected = 0;
  }

  parse(byte: number): ParseResult | Promise<ParseResult> {
    this.msg.push(byte);
    const n = this.msg.length;
    if (n === 1) {
      if (byte !== USD_START_NO_ADDRESS && byte !== USD_START_WITH_ADDRESS) {
        this.reset();
        return false;
      }
      return true;
    }
    if (n === 2) {
      if (byte === 0) {
        this.broadcast = true;
      } else {
        this.expected = byte >> 5;
        if (this.expected < 1 || this.expected > 7) {
          const got = this.expected;
          this.reset();
          throw new DeviceError(`Wrong byte_nbyte_address value: got ${got}, expected 7.`);
        }
      }
      return true;
    }
    if (n === 3) {
      if (this.broadcast) {
        this.expected = byte;
        if (this.expected < 1 || this.expected > 7) {
          this.reset();
          throw new DeviceError(`Wrong byte_nbyte value: got ${byte}, expected 7.`);
        }
      } else {
        this.expected -= 1;
      }
      return true;
    }
    if (this.expected === 0) {
      const frame = this.msg;
      this.reset();
      return this.line.execute(frame);
    }
    this.expected -= 1;
    return true;
  }
}
