import { roundHalfEven, sign } from '../../utils/index.js';

/** Resolutions by code (microsteps divisor); code 1 (2) is the power-on default. */
const RESOLUTIONS = [1, 2, 4, 8, 16, 32, 64, 128] as const;
/** Current reduction in standby by mode code. */
const STANDBY_MODES = [0, 0, 0.25, 0.5] as const;
const BAUD_RATES = [9600, 19200] as const;

/** Seconds a soft reset takes. */
export const USD_RESET_DELAY_S = 0.1;
/** Seconds per standby delay unit. */
export const USD_STANDBY_STEP_S = 0.004096;
export const USD_MIN_POSITION = -21000 * 128;
export const USD_MAX_POSITION = 21000 * 128;
const OUT_OF_SCALE_POSITION = USD_MAX_POSITION + 1;

/** Three I/O lines: enable and level per line, decoded from a command byte (bits 0-2 enable, 3-5 level). */
function ioLines(param: number): { enable: number[]; level: number[] } {
  const enable = [param & 1, (param >> 1) & 1, (param >> 2) & 1];
  const level = [(param >> 3) & 1, (param >> 4) & 1, (param >> 5) & 1].map((l, i) => (enable[i] === 1 ? l : 0));
  return { enable, level };
}

/**
 * One actuator driver (USD) of an active-surface line: position in microsteps, the command registers and
 * the positioning model (`calcPosition`, called every 10 ms by its line).
 */
export class Usd {
  referencePosition = 0;
  currentPosition = 0;
  /** Queued positions for delayed execution: [position, absolute]. */
  private positionQueue: [number, boolean][] = [];
  delayMultiplier = 5;
  standbyDelayMultiplier = 0;
  standbyMode: number = STANDBY_MODES[0];
  currentPercentage = 1.0;
  readonly version = [1, 3] as const;
  readonly driverType = 0x21;
  slopeDelayer = 1;
  minFrequency = 20;
  maxFrequency = 10000;
  ioDir = [0, 1, 0];
  ioVal = [0, 0, 0];
  triggerIoLevel = [0, 0, 0];
  triggerIoEnable = [0, 0, 0];
  stopIoLevel = [0, 0, 0];
  stopIoEnable = [0, 0, 0];
  posIoLevel = [0, 0, 0];
  posIoEnable = [0, 0, 0];
  homeIoLevel = [0, 0, 0];
  homeIoEnable = [0, 0, 0];
  running = false;
  delayedExecution = false;
  ready = false;
  fullCurrent = true;
  autoResolution = false;
  resolution: number = RESOLUTIONS[1];
  velocity: number | undefined;
  baudRate: number = BAUD_RATES[0];
  cmdPosition: number | undefined;
  standby = false;
  /** Seconds (clock time) of the last movement, until standby is reached. */
  lastMovement: number | undefined;

  constructor(readonly index: number) {}

  softReset(): void {
    const fresh = new Usd(this.index);
    const lastMovement = this.lastMovement;
    Object.assign(this, fresh);
    this.positionQueue = [];
    this.lastMovement = lastMovement;
  }

  softTrigger(): void {
    if (!this.ready) return;
    const next = this.positionQueue.shift();
    if (next) {
      const [position, absolute] = next;
      if (!this.velocity) this.cmdPosition = absolute ? position : this.currentPosition + position;
    }
    if (this.positionQueue.length === 0) this.ready = false;
  }

  softStop(): void {
    this.velocity = undefined;
    this.cmdPosition = undefined;
  }

  /** The three status bytes: 0, I/O directions and values, then running/delayed/ready/current/auto/resolution. */
  status(): [number, number, number] {
    const io = (this.ioDir[2]! << 6) | (this.ioDir[1]! << 5) | (this.ioDir[0]! << 4) | (this.ioVal[2]! << 2) | (this.ioVal[1]! << 1) | this.ioVal[0]!;
    const res = RESOLUTIONS.indexOf(this.resolution as (typeof RESOLUTIONS)[number]);
    const flags =
      (Number(this.running) << 7) |
      (Number(this.delayedExecution) << 6) |
      (Number(this.ready) << 5) |
      (Number(this.fullCurrent) << 4) |
      (Number(this.autoResolution) << 3) |
      res;
    return [0, io, flags];
  }

  setMinFrequency(frequency: number): boolean {
    if (frequency < 20 || frequency > 10000 || frequency > this.maxFrequency) return false;
    this.minFrequency = frequency;
    return true;
  }

  setMaxFrequency(frequency: number): boolean {
    if (frequency < 20 || frequency > 10000 || frequency < this.minFrequency) return false;
    this.maxFrequency = frequency;
    return true;
  }

  setIoPins(param: number): void {
    for (let i = 0; i < 3; i++) {
      this.ioDir[i] = (param >> (4 + i)) & 1;
      this.ioVal[i] = this.ioDir[i] === 1 ? (param >> i) & 1 : 0;
    }
  }

  /** `undefined` selects automatic resolution. */
  setResolution(code: number | undefined): void {
    if (code === undefined) {
      this.autoResolution = true;
      this.resolution = RESOLUTIONS[0];
    } else {
      this.autoResolution = false;
      this.resolution = RESOLUTIONS[code] ?? RESOLUTIONS[1];
    }
  }

  setCurrentReduction(mode: number, delayMultiplier: number): void {
    this.standbyMode = STANDBY_MODES[mode] ?? 0;
    this.standbyDelayMultiplier = delayMultiplier;
  }

  setDelayedExecution(param: number): void {
    // The reference tests the first character of a bit string, which is always truthy: any value enables it.
    this.delayedExecution = true;
    const { enable, level } = ioLines(param);
    this.triggerIoEnable = enable;
    this.triggerIoLevel = level;
    this.positionQueue = [];
  }

  setAbsolutePosition(position: number): boolean {
    return this.command(this.referencePosition + position, true);
  }

  setRelativePosition(position: number): boolean {
    return this.command(this.currentPosition + position, false);
  }

  private command(position: number, absolute: boolean): boolean {
    if (this.delayedExecution) {
      this.positionQueue.push([position, absolute]);
      this.ready = true;
      return true;
    }
    if (this.running) return false;
    this.cmdPosition = position;
    return true;
  }

  rotate(direction: number): boolean {
    if (this.running) return false;
    this.cmdPosition = direction * OUT_OF_SCALE_POSITION;
    return true;
  }

  setVelocity(velocity: number): boolean {
    if (!this.autoResolution && Math.abs(velocity) < 10 && velocity !== 0) return false;
    this.cmdPosition = undefined;
    this.velocity = velocity === 0 ? undefined : velocity;
    return true;
  }

  setStopIo(param: number): void {
    const { enable, level } = ioLines(param);
    this.stopIoEnable = enable;
    this.stopIoLevel = level;
  }

  setPositioningIo(param: number): void {
    const { enable, level } = ioLines(param);
    this.posIoEnable = enable;
    this.posIoLevel = level;
  }

  setHomeIo(param: number): void {
    const { enable, level } = ioLines(param);
    this.homeIoEnable = enable;
    this.homeIoLevel = level;
  }

  setWorkingMode(params: readonly number[]): void {
    this.baudRate = BAUD_RATES[(params[0] ?? 0) & 1] ?? BAUD_RATES[0];
  }

  /** Whether `calcPosition` still has work: moving, or counting down to standby. */
  get busy(): boolean {
    return Boolean(this.velocity) || this.cmdPosition !== undefined || this.running || (!this.standby && this.lastMovement !== undefined);
  }

  /** One positioning step at clock time `now` (s), `elapsed` seconds after the previous one. */
  calcPosition(now: number, elapsed: number): void {
    let velocity: number | undefined;
    let cmdPosition: number | undefined;
    if (this.velocity) {
      velocity = this.velocity;
      this.running = true;
    } else if (this.cmdPosition !== undefined) {
      cmdPosition = this.cmdPosition;
      this.running = true;
    } else {
      this.running = false;
    }
    if (this.running) {
      this.currentPercentage = 1.0;
      this.fullCurrent = true;
      this.standby = false;
      this.lastMovement = now;
      let frequency = 0;
      let direction = 0;
      if (velocity) {
        frequency = Math.abs(velocity);
        direction = sign(velocity);
      } else if (cmdPosition !== undefined) {
        frequency = this.maxFrequency;
        direction = sign(cmdPosition - this.currentPosition);
      }
      if (direction) {
        const stepsPerSecond = frequency * (128 / this.resolution);
        const delta = direction * roundHalfEven(stepsPerSecond * elapsed);
        let next = Math.min(Math.max(this.currentPosition + delta, USD_MIN_POSITION), USD_MAX_POSITION);
        if (cmdPosition !== undefined && sign(cmdPosition - next) !== direction) {
          next = cmdPosition;
          this.cmdPosition = undefined;
          this.running = false;
        }
        this.currentPosition = next;
      }
    }
    if (!this.running && !this.standby && this.lastMovement !== undefined) {
      if (now - this.lastMovement >= this.standbyDelayMultiplier * USD_STANDBY_STEP_S) {
        this.currentPercentage = 1.0 - this.standbyMode;
        this.fullCurrent = !(this.standbyMode > 0);
        this.lastMovement = undefined;
        this.standby = true;
      }
    }
  }
}
