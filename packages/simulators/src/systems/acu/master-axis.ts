import { roundHalfEven as pyRound, sign } from '../../utils/index.js';
import { AxisStatus, AxisWarning, firstBits } from './axis-status.js';
import { AcuMode, AcuParameter, readModeOrParameter } from './protocol.js';

export interface MasterAxisConfig {
  readonly name: string;
  readonly motors: number;
  /** Maximum speed (°/s) and acceleration (°/s²). */
  readonly maxVelocity: number;
  readonly maxAcceleration: number;
  /** Operating range (°). */
  readonly minPosition: number;
  readonly maxPosition: number;
  /** Start position (°). */
  readonly startPosition: number;
  /** Stow positions (°), by index; none for azimuth. */
  readonly stowPositions?: readonly number[];
  /** Milliseconds of the injected clock: motion is integrated over its steps. */
  readonly now: () => number;
}

const MICRO = 1000000;
const micro = (degrees: number) => pyRound(degrees * MICRO);
// The reference refuses to pack an out-of-range offset and leaves the answer untouched.
const fitsI32 = (value: number) => Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;

/** Something the axis is doing over time: a positioning loop or program tracking. */
interface Activity {
  /** Advances by `dt` seconds; returns false once finished. */
  step(dt: number): boolean;
  /** Called when another activity takes over. */
  cancel(): void;
}

/**
 * Azimuth or elevation: mode and parameter commands, positioning at a constant commanded rate, stow pins
 * and program tracking of the trajectory the pointing subsystem computes (`pBahn`, `nextPos`).
 * Positions and speeds are integer µdeg and µdeg/s, rounded half-even as the reference's `round()`.
 */
export class MasterAxis extends AxisStatus {
  readonly name: string;
  readonly maxVelocity: number;
  readonly maxAcceleration: number;
  readonly minPos: number;
  readonly maxPos: number;
  readonly stowPositions: readonly number[];
  /** Next program-track point (µdeg), set by the pointing subsystem. */
  nextPos: number | undefined;
  currModeCounter: number | undefined;
  programTrackActive = false;
  private activity: Activity | undefined;
  private activityStamp = 0;
  private readonly now: () => number;

  constructor(config: MasterAxisConfig) {
    super(config.motors);
    this.name = config.name;
    this.now = config.now;
    this.maxVelocity = config.maxVelocity;
    this.maxAcceleration = config.maxAcceleration;
    this.minPos = config.minPosition;
    this.maxPos = config.maxPosition;
    this.stowPositions = config.stowPositions ?? [];
    this.pIst = micro(config.startPosition);
    this.pSoll = this.pIst;
    this.pBahn = this.pIst;
    if (this.stowPositions.length > 0) {
      this.stowPinSelection = firstBits(this.stowPositions.length);
      if (this.stowPositions.includes(this.pIst / MICRO)) {
        this.stowed = true;
        this.stowPosOk = true;
      }
    }
    if (this.stowed) {
      this.stowPinOut = this.stowPinSelection;
      this.stowPinIn = 0;
      this.setWarning(AxisWarning.stowPinsExtracted, true);
    } else {
      this.stowPinOut = 0;
      this.stowPinIn = this.stowPinSelection;
    }
  }

  private get minMicro(): number {
    return micro(this.minPos);
  }
  private get maxMicro(): number {
    return micro(this.maxPos);
  }
  private get maxVelocityMicro(): number {
    return micro(this.maxVelocity);
  }

  /** Limit and rate warnings, refreshed every loop iteration. */
  update(): void {
    if (this.stowPositions.length > 0) this.stowPosOk = this.stowPositions.includes(this.pIst / MICRO);
    const min = this.minMicro;
    const max = this.maxMicro;
    this.setWarning(AxisWarning.preLimitDown, this.pIst <= min);
    this.setWarning(AxisWarning.finalLimitDown, this.pIst < min);
    this.setWarning(AxisWarning.preLimitUp, this.pIst >= max);
    this.setWarning(AxisWarning.finalLimitUp, this.pIst > max);
    this.setWarning(AxisWarning.rateLimit, Math.abs(this.vIst) > this.maxVelocityMicro);
  }

  /** Runs the current activity over the time elapsed since its previous step (or its start). */
  advance(): void {
    if (!this.activity) return;
    const now = this.now();
    const dt = Math.max(0, now - this.activityStamp) / 1000;
    this.activityStamp = now;
    if (!this.activity.step(dt)) this.activity = undefined;
  }

  private start(activity: Activity, runNow: boolean): void {
    this.activity?.cancel();
    this.activity = activity;
    this.activityStamp = this.now();
    if (runNow) this.advance();
  }

  /** One positioning step toward `desired` at `rate` (µdeg, µdeg/s), clamped to the range. */
  calcPosition(dt: number, desired: number, rate: number): number {
    let current = this.pIst;
    const direction = sign(desired - current);
    if (direction !== 0) {
      current += direction * pyRound(Math.abs(rate) * dt);
      if (sign(desired - current) !== direction) current = desired;
    }
    return Math.max(Math.min(current, this.maxMicro), this.minMicro);
  }

  // -------------------- mode command --------------------

  handleModeCommand(bytes: Uint8Array): void {
    const { counter, code: mode, p1, p2 } = readModeOrParameter(bytes);
    const known = (Object.values(AcuMode) as number[]).includes(mode);
    if (!known || mode === AcuMode.ignore) {
      this.receivedCounter = counter;
      this.receivedMode = 0;
      this.receivedAnswer = 0;
      return;
    }
    const answer = this.validateMode(mode, p1, p2);
    this.receivedCounter = counter;
    this.receivedMode = mode;
    this.receivedAnswer = answer;
    if (answer !== 9) return;
    this.executedCounter = counter;
    this.executedMode = mode;
    this.executedAnswer = 2;
    switch (mode) {
      case AcuMode.inactive:
        return this.inactive(counter);
      case AcuMode.active:
        return this.active(counter);
      case AcuMode.presetAbsolute:
        return this.move(counter, mode, 6, micro(p1), micro(p2));
      case AcuMode.presetRelative:
        return this.move(counter, mode, 6, this.pSoll + micro(p1), micro(p2));
      case AcuMode.slew:
        return this.slew(counter, p1, p2);
      case AcuMode.stop:
        return this.stop(counter);
      case AcuMode.programTrack:
        return this.programTrack(counter, p2);
      case AcuMode.interlock:
        return this.done(counter, mode);
      case AcuMode.reset:
        this.clearErrors();
        return this.done(counter, mode);
      case AcuMode.stow:
        return this.stow(counter);
      case AcuMode.unstow:
        return this.unstow(counter);
      case AcuMode.driveToStow:
        return this.driveToStow(counter, p1, p2);
    }
  }

  /** Received-answer code: 9 accepted, 4 wrong state, 5 invalid parameters. */
  private validateMode(mode: number, p1: number, p2: number): number {
    let answer = 9;
    const state = this.axisState;
    if (mode === AcuMode.active && state !== 0) answer = 4;
    else if ([3, 4, 5, 7, 8, 52].includes(mode) && state !== 3) answer = 4;
    else if (mode === AcuMode.reset && state !== 0 && state !== 1) answer = 4;
    else if (mode === AcuMode.stow && !this.stowPosOk) answer = 4;

    if (mode === AcuMode.presetAbsolute) {
      if (p1 < this.minPos || p1 > this.maxPos) answer = 5;
      if (Math.abs(p2) > this.maxVelocity) answer = 5;
    } else if (mode === AcuMode.presetRelative) {
      const desired = this.pIst / MICRO + p1;
      if (desired < this.minPos || desired > this.maxPos) answer = 5;
      if (Math.abs(Math.trunc(p2)) > this.maxVelocity) answer = 5;
    } else if (mode === AcuMode.slew) {
      if (Math.abs(p1) > 1) answer = 5;
      if (Math.abs(p2) > this.maxVelocity) answer = 5;
    } else if (mode === AcuMode.programTrack) {
      if (Math.abs(p2) > this.maxVelocity) answer = 5;
    } else if (mode === AcuMode.driveToStow && this.stowPositions.length > 0) {
      const index = Math.trunc(p1);
      if (!(index >= 0 && index < this.stowPositions.length)) answer = 5;
      if (Math.abs(p2) > 0.5 * this.maxVelocity) answer = 5;
    }
    // NaN parameters fail every comparison above; refuse them rather than move to NaN.
    if (Number.isNaN(p1) || Number.isNaN(p2)) answer = 5;
    return answer;
  }

  private done(counter: number, mode: number): void {
    this.executedCounter = counter;
    this.executedMode = mode;
    this.executedAnswer = 1;
  }

  private inactive(counter: number): void {
    this.axisState = 0;
    this.brakesOpen = 0;
    this.vIst = 0;
    this.vSoll = 0;
    this.trajectoryState = 0;
    this.done(counter, AcuMode.inactive);
  }

  private active(counter: number): void {
    this.axisState = 3;
    this.brakesOpen = firstBits(this.motors);
    this.trajectoryState = 1;
    this.done(counter, AcuMode.active);
  }

  /** Positioning loop: constant rate until the target, then `onArrival`. Ends early when superseded. */
  private move(counter: number, mode: number, trajectoryState: number, desired: number, rate: number, onArrival?: () => void): void {
    this.currModeCounter = counter;
    this.trajectoryState = trajectoryState;
    this.pSoll = desired;
    this.vSoll = rate;
    let finished = false;
    const activity: Activity = {
      step: (dt) => {
        const current = this.calcPosition(dt, desired, rate);
        if (counter !== this.currModeCounter) {
          this.vIst = 0;
          return false;
        }
        if (this.axisState === 3 && !this.stowed) {
          this.vIst = rate;
          this.pIst = current;
        } else {
          this.vIst = 0;
        }
        if (this.pIst === desired) {
          this.vIst = 0;
          finished = true;
          onArrival?.();
          this.done(counter, mode);
          return false;
        }
        return true;
      },
      cancel: () => {
        if (!finished) this.vIst = 0;
      },
    };
    this.start(activity, true);
  }

  private slew(counter: number, percentage: number, rate: number): void {
    const desiredRate = pyRound(rate * MICRO * percentage);
    const direction = sign(desiredRate);
    const desired = direction > 0 ? this.maxMicro : direction < 0 ? this.minMicro : this.pIst;
    this.move(counter, AcuMode.slew, 4, desired, desiredRate);
  }

  private stop(counter: number): void {
    this.currModeCounter = counter;
    this.trajectoryState = 3;
    this.done(counter, AcuMode.stop);
  }

  private stow(counter: number): void {
    if (this.stowPositions.length > 0) {
      this.currModeCounter = counter;
      this.extractStowPins();
    }
    this.done(counter, AcuMode.stow);
  }

  private extractStowPins(): void {
    this.stowPinOut = this.stowPinSelection;
    this.stowPinIn = 0;
    this.setWarning(AxisWarning.stowPinsExtracted, true);
    this.stowed = true;
    this.vIst = 0;
    this.vSoll = 0;
  }

  private unstow(counter: number): void {
    if (this.stowPositions.length > 0) {
      this.currModeCounter = counter;
      this.stowPinOut = 0;
      this.stowPinIn = this.stowPinSelection;
      this.setWarning(AxisWarning.stowPinsExtracted, false);
      this.stowed = false;
    }
    this.done(counter, AcuMode.unstow);
  }

  private driveToStow(counter: number, index: number, rate: number): void {
    if (this.stowPositions.length === 0) {
      this.done(counter, AcuMode.driveToStow);
      return;
    }
    const target = micro(this.stowPositions[Math.trunc(index)] as number);
    this.move(counter, AcuMode.driveToStow, 6, target, micro(rate), () => this.extractStowPins());
  }

  /** Mode 8: follow the pointing subsystem's trajectory until another mode takes over. */
  private programTrack(counter: number, rate: number): void {
    this.currModeCounter = counter;
    this.done(counter, AcuMode.programTrack);
    if (this.programTrackActive) return;
    this.programTrackActive = true;
    let followed = counter;
    let finalPos: number | undefined;
    const maxV = this.maxVelocityMicro;
    const exit = () => {
      this.vIst = 0;
      this.programTrackActive = false;
    };
    const activity: Activity = {
      step: (dt) => {
        if (followed !== this.currModeCounter) {
          if (this.trajectoryState !== 7) {
            exit();
            return false;
          }
          followed = this.currModeCounter as number;
        }
        this.trajectoryState = 7;
        let nextPos = this.nextPos;
        if (nextPos !== undefined) finalPos = nextPos;
        else if (this.ptState === 4 && finalPos !== undefined && this.pIst !== finalPos) nextPos = finalPos;
        let pIst = this.pIst;
        let vIst = this.vIst;
        if (nextPos !== undefined && this.axisState === 3 && !this.stowed) {
          if (this.ptState === 2) {
            this.pSoll = nextPos + this.pOffset;
            this.vSoll = micro(rate);
            if (pIst !== this.pSoll) {
              pIst = this.calcPosition(dt, this.pSoll, this.vSoll);
              vIst = this.vSoll;
              if (pIst === this.pSoll) vIst = 0;
            }
          }
          let goOn = false;
          if (this.ptState === 4) {
            this.pSoll = nextPos + this.pOffset;
            if (this.pIst !== this.pSoll) {
              pIst = this.pIst;
              goOn = true;
            }
          }
          if (this.ptState === 3 || goOn) {
            this.pSoll = this.pBahn + this.pOffset;
            const position = this.calcPosition(dt, this.pSoll, maxV);
            // The reference divides by the loop period; a zero step (same instant) keeps the last speed.
            if (dt > 0) vIst = pyRound((position - pIst) / dt);
            pIst = position;
          }
        } else {
          vIst = 0;
        }
        this.pIst = pIst;
        vIst = Math.min(Math.max(vIst, -maxV), maxV);
        this.vIst = vIst;
        this.vSoll = vIst;
        return true;
      },
      cancel: exit,
    };
    this.start(activity, false);
  }

  // -------------------- parameter command --------------------

  handleParameterCommand(bytes: Uint8Array): void {
    const { counter, code, p1 } = readModeOrParameter(bytes);
    this.parameterCounter = counter;
    this.parameterCommand = code;
    if (this.axisState !== 3) {
      this.parameterAnswer = 4;
      return;
    }
    // The second parameter (ramp time) is ignored, as in the reference.
    if (code === AcuParameter.absolutePositionOffset) {
      const offset = micro(p1);
      if (!fitsI32(offset)) return;
      this.pOffset = offset;
      this.parameterAnswer = 1;
    } else if (code === AcuParameter.relativePositionOffset) {
      const offset = this.pOffset + micro(p1);
      if (!fitsI32(offset)) return;
      this.pOffset = offset;
      this.parameterAnswer = 1;
    } else {
      this.parameterAnswer = 5;
    }
  }
}
