import { dayPercentage, instantFields, mjd, mjdToDate, roundHalfEven as pyRound } from '../../utils/index.js';
import type { MasterAxis } from './master-axis.js';
import { AcuParameter, readModeOrParameter } from './protocol.js';
import { NotAKnotSpline } from './spline.js';

/** Length of the pointing block of the status message. */
export const POINTING_STATUS_LENGTH = 129;

const MICRO = 1000000;
const US_PER_DAY = 86400000000;
const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
const fitsI32 = (value: number) => Number.isInteger(value) && value >= I32_MIN && value <= I32_MAX;

/** Index of the first element >= `value` (Python's `bisect_left`). */
function bisectLeft(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position, speed and acceleration (µdeg, µdeg/ms, µdeg/ms²) of a trajectory at `elapsedMs`. */
function trajectory(spline: NotAKnotSpline, elapsedMs: number): [number, number, number] {
  return [
    pyRound(MICRO * spline.evaluate(elapsedMs, 0)),
    pyRound(MICRO * spline.evaluate(elapsedMs, 1)),
    pyRound(MICRO * spline.evaluate(elapsedMs, 2)),
  ];
}

/**
 * The pointing subsystem (5): ACU time and its offsets, and program track. A loaded table is interpolated
 * with a not-a-knot cubic spline over its relative times (ms); while tracking, the axes follow `pBahn` and
 * the consumed points are dropped from the table.
 */
export class PointingStatus {
  // Times are integer µs since the Unix epoch, as the reference's datetimes.
  private timeSourceOffsetUs = 0;
  private timeOffsetUs = 0;
  private startTimeUs: number | undefined;
  private relativeTimes: number[] = [];
  private azimuthPositions: number[] = [];
  private elevationPositions: number[] = [];
  private lastCoordinates: [number, number] = [0, 0];
  private azSpline: NotAKnotSpline | undefined;
  private elSpline: NotAKnotSpline | undefined;
  /** Rates announced with the last table (°/s); kept for completeness, unused as in the reference. */
  azimuthMaxRate = 0;
  elevationMaxRate = 0;

  posEncAz = 0;
  pointOffsetAz = 0;
  posEncEl = 0;
  pointOffsetEl = 0;
  timeSource = 1;
  actTime = 0;
  actTimeOffset = 0;
  year = 0;
  month = 0;
  day = 0;
  hour = 0;
  minute = 0;
  second = 0;
  ptState = 0;
  actPtTimeOffset = 0;
  ptInterpolMode = 0;
  ptActTableIndex = 0;
  ptEndTableIndex = 0;
  ptTableLength = 0;
  parameterCounter = 0;
  parameterCommand = 0;
  parameterAnswer = 0;

  constructor(
    private readonly azimuth: MasterAxis,
    private readonly elevation: MasterAxis,
    nowUs: number,
  ) {
    this.actTime = mjd(BigInt(nowUs));
  }

  /** The ACU time: the clock plus the time-source and time offsets. */
  actualTime(nowUs: number): number {
    return nowUs + this.timeSourceOffsetUs + this.timeOffsetUs;
  }

  private setPtState(state: number): void {
    this.ptState = state;
    this.azimuth.ptState = state;
    this.elevation.ptState = state;
  }

  /** Refreshes the time fields and the trajectory (every loop iteration). */
  update(nowUs: number): void {
    const current = this.actualTime(nowUs);
    const f = instantFields(BigInt(current));
    this.year = f.year;
    this.month = f.month;
    this.day = f.day;
    this.hour = f.hour;
    this.minute = f.minute;
    this.second = f.second;
    this.actTime = mjd(BigInt(current));
    this.posEncAz = this.azimuth.pIst;
    this.pointOffsetAz = this.azimuth.pOffset;
    this.posEncEl = this.elevation.pIst;
    this.pointOffsetEl = this.elevation.pOffset;

    if (this.ptState === 0 || this.startTimeUs === undefined) return;
    const start = this.startTimeUs + this.actPtTimeOffset * 1000;
    const elapsed = (current - start) / 1000;
    if (this.ptState === 2) {
      if (current < start) {
        if (this.azSpline) this.azimuth.pBahn = trajectory(this.azSpline, 0)[0];
        if (this.elSpline) this.elevation.pBahn = trajectory(this.elSpline, 0)[0];
      } else {
        this.setPtState(3);
      }
    }
    if (this.ptState === 3) {
      const index = bisectLeft(this.relativeTimes, elapsed);
      if (index === this.relativeTimes.length) {
        this.setPtState(4);
        this.azimuth.pBahn = this.lastCoordinates[0];
        this.elevation.pBahn = this.lastCoordinates[1];
        this.relativeTimes = [];
        this.azimuthPositions = [];
        this.elevationPositions = [];
        this.ptTableLength = 0;
        this.ptActTableIndex = 0;
        this.ptEndTableIndex = 0;
        return;
      }
      if (this.azSpline) [this.azimuth.pBahn, this.azimuth.vBahn, this.azimuth.aBahn] = trajectory(this.azSpline, elapsed);
      if (this.elSpline) [this.elevation.pBahn, this.elevation.vBahn, this.elevation.aBahn] = trajectory(this.elSpline, elapsed);
      this.ptActTableIndex = index;
      this.relativeTimes = this.relativeTimes.slice(index);
      this.azimuthPositions = this.azimuthPositions.slice(index);
      this.elevationPositions = this.elevationPositions.slice(index);
      this.ptTableLength = this.relativeTimes.length;
      this.ptEndTableIndex = Math.max(this.ptTableLength - 1, 0);
    }
    const az = this.azimuthPositions[0];
    const el = this.elevationPositions[0];
    this.azimuth.nextPos = az === undefined ? undefined : pyRound(az * MICRO);
    this.elevation.nextPos = el === undefined ? undefined : pyRound(el * MICRO);
  }

  // -------------------- parameter command (id 2) --------------------

  parameterCommandBytes(bytes: Uint8Array, nowUs: number): void {
    const { counter, code, p1, p2 } = readModeOrParameter(bytes);
    this.parameterCounter = counter;
    this.parameterCommand = code;
    if (code === AcuParameter.timeSource) this.setTimeSource(p1, p2, nowUs);
    else if (code === AcuParameter.timeOffset) this.setTimeOffset(p1, p2);
    else if (code === AcuParameter.programTrackTimeCorrection) this.setPtTimeCorrection(p1);
    else this.parameterAnswer = 5;
  }

  private setTimeSource(p1: number, p2: number, nowUs: number): void {
    // Unusable numbers make the reference's handler fail before answering: leave the answer as it was.
    if (!Number.isFinite(p1)) return;
    const source = Math.trunc(p1);
    if (source !== 1 && source !== 2 && source !== 3) {
      this.parameterAnswer = 5;
      return;
    }
    if (source === 1) this.timeSourceOffsetUs = 0;
    else if (source === 3) {
      let external: number;
      try {
        external = Number(mjdToDate(p2));
      } catch {
        return;
      }
      this.timeSourceOffsetUs = external - Math.floor(nowUs);
    }
    this.timeSource = source;
    this.parameterAnswer = 1;
  }

  private setTimeOffset(p1: number, p2: number): void {
    if (!Number.isFinite(p1) || Number.isNaN(p2)) return;
    const mode = Math.trunc(p1);
    if (!(mode >= 1 && mode <= 4) || Math.abs(p2) > 86400000) {
      this.parameterAnswer = 5;
      return;
    }
    const oneSecond = dayPercentage({ seconds: 1 });
    if (mode === 1) {
      this.timeOffsetUs += MICRO;
      this.actTimeOffset += oneSecond;
    } else if (mode === 2) {
      this.timeOffsetUs -= MICRO;
      this.actTimeOffset -= oneSecond;
    } else if (mode === 3) {
      this.timeOffsetUs = pyRound(p2 * MICRO);
      this.actTimeOffset = this.timeOffsetUs / US_PER_DAY;
    } else {
      const offset = pyRound(p2 * MICRO);
      this.timeOffsetUs += offset;
      this.actTimeOffset += offset / US_PER_DAY;
    }
    this.parameterAnswer = 1;
  }

  private setPtTimeCorrection(seconds: number): void {
    if (Number.isNaN(seconds)) return;
    if (Math.abs(seconds) > 86400000) {
      this.parameterAnswer = 5;
      return;
    }
    const ms = pyRound(seconds * 1000);
    if (!fitsI32(ms)) return;
    this.actPtTimeOffset = ms;
    this.parameterAnswer = 1;
  }

  // -------------------- program track parameter command (id 4) --------------------

  programTrackCommandBytes(bytes: Uint8Array): void {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.parameterCounter = v.getUint32(4, true);
    const parameter = v.getUint16(8, true);
    this.parameterCommand = parameter;
    if (parameter !== AcuParameter.loadProgramTrackTable) {
      this.parameterAnswer = 0;
      return;
    }
    const interpolationMode = v.getUint16(10, true);
    const trackingMode = v.getUint16(12, true);
    const loadMode = v.getUint16(14, true);
    const count = v.getUint16(16, true);
    if (interpolationMode !== 4 || trackingMode !== 1 || (loadMode !== 1 && loadMode !== 2) || count > 50) {
      this.parameterAnswer = 5;
      return;
    }
    if ((loadMode === 1 && count < 5) || (loadMode === 2 && this.ptTableLength === 0)) {
      this.parameterAnswer = 5;
      return;
    }
    let startUs: number;
    try {
      startUs = Number(mjdToDate(v.getFloat64(18, true))) + this.timeSourceOffsetUs;
    } catch {
      return; // the reference's handler fails on a negative MJD before answering
    }
    if (loadMode === 2 && startUs !== this.startTimeUs) {
      this.parameterAnswer = 5;
      return;
    }
    const relativeTimes = loadMode === 1 ? [] : [...this.relativeTimes];
    const azimuths = loadMode === 1 ? [] : [...this.azimuthPositions];
    const elevations = loadMode === 1 ? [] : [...this.elevationPositions];
    if (loadMode === 1) {
      this.relativeTimes = [];
      this.azimuthPositions = [];
      this.elevationPositions = [];
    }
    const azimuthRate = v.getFloat64(26, true);
    const elevationRate = v.getFloat64(34, true);
    // With fewer than two remaining points the reference cannot derive the step; the next one defines it.
    let expectedDelta = relativeTimes.length >= 2 ? (relativeTimes[1] as number) - (relativeTimes[0] as number) : undefined;
    let last = relativeTimes.length > 0 ? (relativeTimes[relativeTimes.length - 1] as number) : 0;
    for (let i = 0; i < count; i++) {
      const at = 42 + i * 20;
      const relative = v.getInt32(at, true);
      if (i === 0 && last === 0 && relative !== 0) return this.refuse();
      if (relative < last) return this.refuse();
      if (!expectedDelta && relativeTimes.length > 0) expectedDelta = relative - last;
      if (expectedDelta && relative - last !== expectedDelta) return this.refuse();
      relativeTimes.push(relative);
      last = relative;
      azimuths.push(v.getFloat64(at + 4, true));
      elevations.push(v.getFloat64(at + 12, true));
    }
    this.parameterAnswer = 1;
    this.startTimeUs = startUs;
    this.azimuthMaxRate = azimuthRate;
    this.elevationMaxRate = elevationRate;
    if (loadMode === 1) {
      this.ptEndTableIndex = 0;
      this.setPtState(2);
    } else if (this.ptState !== 3) {
      this.setPtState(2);
    }
    this.ptInterpolMode = interpolationMode;
    this.ptTableLength = count;
    this.ptEndTableIndex += count;
    this.relativeTimes = relativeTimes;
    this.azimuthPositions = azimuths;
    this.elevationPositions = elevations;
    this.lastCoordinates = [pyRound(MICRO * (azimuths[azimuths.length - 1] as number)), pyRound(MICRO * (elevations[elevations.length - 1] as number))];
    // A table the spline cannot take (repeated times) keeps the previous trajectory, as the reference.
    try {
      const az = new NotAKnotSpline(relativeTimes, azimuths);
      const el = new NotAKnotSpline(relativeTimes, elevations);
      this.azSpline = az;
      this.elSpline = el;
    } catch {
      /* keep the previous splines */
    }
  }

  private refuse(): void {
    this.parameterAnswer = 5;
  }

  /** Writes the 129-byte block at `offset`. */
  encode(view: DataView, offset: number): void {
    const o = offset;
    view.setFloat64(o, 0, true); // confVersion
    view.setUint8(o + 8, 1); // confOk
    view.setInt32(o + 9, this.posEncAz, true);
    view.setInt32(o + 13, this.pointOffsetAz, true);
    view.setInt32(o + 17, 0, true); // posCalibChartAz
    view.setInt32(o + 21, 0, true); // posCorrTableAz_F_plst_El
    view.setUint8(o + 25, 0); // posCorrTableAzOn
    view.setUint8(o + 26, 0); // encAzFault
    view.setUint8(o + 27, 0); // sectorSwitchAz
    view.setInt32(o + 28, this.posEncEl, true);
    view.setInt32(o + 32, this.pointOffsetEl, true);
    view.setInt32(o + 36, 0, true); // posCalibChartEl
    view.setInt32(o + 40, 0, true); // posCorrTableEl_F_plst_Az
    view.setUint8(o + 44, 0); // posCorrTableElOn
    view.setUint8(o + 45, 0); // encElFault
    view.setInt32(o + 46, 0, true); // posEncCw
    view.setInt32(o + 50, 0, true); // posCalibChartCw
    view.setUint8(o + 54, 0); // encCwFault
    view.setUint16(o + 55, this.timeSource, true);
    view.setFloat64(o + 57, this.actTime, true);
    view.setFloat64(o + 65, this.actTimeOffset, true);
    view.setUint8(o + 73, 1); // clockOnline
    view.setUint8(o + 74, 1); // clockOK
    view.setUint16(o + 75, this.year, true);
    view.setUint16(o + 77, this.month, true);
    view.setUint16(o + 79, this.day, true);
    view.setUint16(o + 81, this.hour, true);
    view.setUint16(o + 83, this.minute, true);
    view.setUint16(o + 85, this.second, true);
    view.setInt32(o + 87, 0, true); // actPtPos_Azimuth
    view.setInt32(o + 91, 0, true); // actPtPos_Elevation
    view.setUint16(o + 95, this.ptState, true);
    view.setUint16(o + 97, 0, true); // ptError
    view.setInt32(o + 99, this.actPtTimeOffset, true);
    view.setUint16(o + 103, this.ptInterpolMode, true);
    view.setUint16(o + 105, 1, true); // ptTrackingType
    view.setUint16(o + 107, 1, true); // ptTrackingMode
    view.setUint32(o + 109, this.ptActTableIndex >>> 0, true);
    view.setUint32(o + 113, this.ptEndTableIndex >>> 0, true);
    view.setUint32(o + 117, this.ptTableLength >>> 0, true);
    view.setUint32(o + 121, this.parameterCounter >>> 0, true);
    view.setUint16(o + 125, this.parameterCommand & 0xffff, true);
    view.setUint16(o + 127, this.parameterAnswer & 0xffff, true);
  }
}
