/** Length of one axis block (azimuth, elevation, cable wrap) of the status message. */
export const AXIS_STATUS_LENGTH = 92;

/** Warning bits (DWORD at block offset 6) the simulator drives. */
export const AxisWarning = {
  preLimitUp: 19,
  preLimitDown: 20,
  finalLimitUp: 21,
  finalLimitDown: 22,
  rateLimit: 23,
  stowPinsExtracted: 25,
} as const;

/** Every error bit (DWORD at block offset 10) that mode 15 (reset) clears. */
const RESETTABLE_ERRORS = [0, 1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 22, 23, 24, 25, 26, 27, 29, 30, 31];

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** A 16-bit mask with the first `n` bits set (motor selection, brakes, stow pins). */
export function firstBits(n: number): number {
  return n <= 0 ? 0 : (2 ** Math.min(n, 16) - 1) & 0xffff;
}

/**
 * The status of one axis as the ACU reports it: flags, warning/error words, states, the nine µdeg values
 * and the last received/executed/parameter command records. Positions are integers in µdeg.
 */
export class AxisStatus {
  simulation = false;
  axisReady = true;
  confOk = true;
  initOk = true;
  override = false;
  lowPowerMode = false;
  warnings = 0;
  errors = 0;
  axisState = 0;
  trajectoryState = 0;
  private readonly values = new Int32Array(9);
  readonly motorSelection: number;
  brakesOpen = 0;
  powerModuleOk: number;
  stowed = false;
  stowPosOk = false;
  stowPinIn = 0;
  stowPinOut = 0;
  stowPinSelection = 0;
  receivedCounter = 0;
  receivedMode = 0;
  receivedAnswer = 0;
  executedCounter = 0;
  executedMode = 0;
  executedAnswer = 0;
  parameterCounter = 0;
  parameterCommand = 0;
  parameterAnswer = 0;
  /** Program track state mirrored from the pointing subsystem. */
  ptState = 0;

  constructor(readonly motors: number) {
    this.motorSelection = firstBits(motors);
    this.powerModuleOk = this.motorSelection;
  }

  // The nine i32 values; out-of-range writes are refused as the reference's packing refuses them.
  private set(index: number, value: number): void {
    if (Number.isInteger(value) && value >= I32_MIN && value <= I32_MAX) this.values[index] = value;
  }
  get pSoll(): number { return this.values[0] as number; }
  set pSoll(v: number) { this.set(0, v); }
  get pBahn(): number { return this.values[1] as number; }
  set pBahn(v: number) { this.set(1, v); }
  get pIst(): number { return this.values[2] as number; }
  set pIst(v: number) { this.set(2, v); }
  get pAbwFil(): number { return this.values[3] as number; }
  set pAbwFil(v: number) { this.set(3, v); }
  get vSoll(): number { return this.values[4] as number; }
  set vSoll(v: number) { this.set(4, v); }
  get vBahn(): number { return this.values[5] as number; }
  set vBahn(v: number) { this.set(5, v); }
  get vIst(): number { return this.values[6] as number; }
  set vIst(v: number) { this.set(6, v); }
  get aBahn(): number { return this.values[7] as number; }
  set aBahn(v: number) { this.set(7, v); }
  get pOffset(): number { return this.values[8] as number; }
  set pOffset(v: number) { this.set(8, v); }

  warning(bit: number): boolean {
    return ((this.warnings >>> bit) & 1) === 1;
  }

  setWarning(bit: number, on: boolean): void {
    this.warnings = (on ? this.warnings | (1 << bit) : this.warnings & ~(1 << bit)) >>> 0;
  }

  clearErrors(): void {
    for (const bit of RESETTABLE_ERRORS) this.errors = (this.errors & ~(1 << bit)) >>> 0;
  }

  /** Writes the 92-byte block at `offset`. */
  encode(view: DataView, offset: number): void {
    view.setUint8(offset, this.simulation ? 1 : 0);
    view.setUint8(offset + 1, this.axisReady ? 1 : 0);
    view.setUint8(offset + 2, this.confOk ? 1 : 0);
    view.setUint8(offset + 3, this.initOk ? 1 : 0);
    view.setUint8(offset + 4, this.override ? 1 : 0);
    view.setUint8(offset + 5, this.lowPowerMode ? 1 : 0);
    view.setUint32(offset + 6, this.warnings, true);
    view.setUint32(offset + 10, this.errors, true);
    view.setUint16(offset + 14, this.axisState, true);
    view.setUint16(offset + 16, this.trajectoryState, true);
    for (let i = 0; i < 9; i++) view.setInt32(offset + 18 + i * 4, this.values[i] as number, true);
    view.setUint16(offset + 54, this.motorSelection, true);
    view.setUint16(offset + 56, this.brakesOpen, true);
    view.setUint16(offset + 58, this.powerModuleOk, true);
    view.setUint8(offset + 60, this.stowed ? 1 : 0);
    view.setUint8(offset + 61, this.stowPosOk ? 1 : 0);
    view.setUint16(offset + 62, this.stowPinIn, true);
    view.setUint16(offset + 64, this.stowPinOut, true);
    view.setUint16(offset + 66, this.stowPinSelection, true);
    view.setUint32(offset + 68, this.receivedCounter >>> 0, true);
    view.setUint16(offset + 72, this.receivedMode & 0xffff, true);
    view.setUint16(offset + 74, this.receivedAnswer, true);
    view.setUint32(offset + 76, this.executedCounter >>> 0, true);
    view.setUint16(offset + 80, this.executedMode & 0xffff, true);
    view.setUint16(offset + 82, this.executedAnswer, true);
    view.setUint32(offset + 84, this.parameterCounter >>> 0, true);
    view.setUint16(offset + 88, this.parameterCommand & 0xffff, true);
    view.setUint16(offset + 90, this.parameterAnswer, true);
  }
}

/** The cable wrap: a slave axis whose brakes follow its master (azimuth). */
export class SlaveAxisStatus extends AxisStatus {
  constructor(
    motors: number,
    private readonly master: AxisStatus,
  ) {
    super(motors);
  }

  update(): void {
    this.brakesOpen = this.master.axisState === 3 ? firstBits(this.motors) : 0;
  }
}
