import { formatPythonFixed } from '@discos/backend-protocol';
import { sign } from '../../utils/index.js';
import { NotAKnotSpline } from '../acu/spline.js';

/** Seconds between consecutive program-track points. */
export const PROGRAM_TRACK_TIMEGAP_S = 0.2;

/** Operative modes: 10 setup, 20 stow, 30 stop, 40 preset, 50 program track (0 = none yet). */
export const OperativeMode = { none: 0, setup: 10, stow: 20, stop: 30, preset: 40, programTrack: 50 } as const;

export interface ServoSpec {
  readonly name: string;
  readonly dof: number;
  readonly minCoord: readonly number[];
  readonly maxCoord: readonly number[];
  /** Maximum speed per axis (units per second). */
  readonly maxDelta: readonly number[];
  readonly programTrackCapable: boolean;
  /** The servo-specific tail of its STATUS answer. */
  readonly statusTail: (servo: Servo) => string;
}

const f6 = (value: number) => formatPythonFixed(value, 6);
const uniform = (low: number, high: number) => low + Math.random() * (high - low);

/**
 * One minor servo (PFP, SRP, M3R, GFR, a derotator): coordinates moving toward commanded ones at the axis
 * speed limits, offsets, operative mode, and a program-track trajectory interpolated by a not-a-knot spline
 * over absolute time. Times are clock seconds (Unix epoch).
 */
export class Servo {
  readonly name: string;
  readonly dof: number;
  readonly minCoord: readonly number[];
  readonly maxCoord: readonly number[];
  readonly maxDelta: readonly number[];
  readonly programTrackCapable: boolean;
  enabled = 1;
  status = 1;
  block = 2;
  operativeMode: number = OperativeMode.none;
  futureOperativeMode = 0;
  coords: number[];
  cmdCoords: number[];
  offsets: number[];
  lastStatusRead: number;
  /** Pending delayed mode change (STOW), cancelled by later commands. */
  modeTimer: { cancel(): void } | undefined;
  /** A Python int (a `bigint` beyond 2^53). */
  trajectoryId: number | bigint | undefined;
  trajectoryStartTime: number | undefined;
  trajectoryPointId: number | undefined;
  /** [times, axis 1, axis 2, ...]. */
  trajectory: number[][];
  private splines: NotAKnotSpline[] = [];

  constructor(
    private readonly spec: ServoSpec,
    now: number,
  ) {
    this.name = spec.name;
    this.dof = spec.dof;
    this.minCoord = spec.minCoord;
    this.maxCoord = spec.maxCoord;
    this.maxDelta = spec.maxDelta;
    this.programTrackCapable = spec.programTrackCapable;
    this.coords = new Array<number>(spec.dof).fill(0);
    this.cmdCoords = [...this.coords];
    this.offsets = new Array<number>(spec.dof).fill(0);
    this.trajectory = this.emptyTrajectory();
    this.lastStatusRead = now;
  }

  private emptyTrajectory(): number[][] {
    return Array.from({ length: this.dof + 1 }, () => []);
  }

  cancelModeTimer(): void {
    this.modeTimer?.cancel();
    this.modeTimer = undefined;
  }

  private clamp(value: number, axis: number): number {
    return Math.max(Math.min(value, this.maxCoord[axis] as number), this.minCoord[axis] as number);
  }

  /** Commands coordinates (`undefined` keeps an axis); false, and nothing changed, when one is out of range. */
  setCoords(coords: readonly (number | undefined)[], futureMode: number, applyOffsets = true): boolean {
    const target: number[] = [];
    for (const [i, value] of coords.entries()) {
      if (value === undefined) {
        target.push(this.cmdCoords[i] as number);
        continue;
      }
      const v = applyOffsets ? value + (this.offsets[i] as number) : value;
      if (v < (this.minCoord[i] as number) || v > (this.maxCoord[i] as number)) return false;
      target.push(v);
    }
    this.cmdCoords = target;
    this.futureOperativeMode = futureMode;
    return true;
  }

  setOffsets(offsets: readonly number[]): void {
    offsets.forEach((v, i) => (this.offsets[i] = v));
  }

  /** Starts a new trajectory at point 0. */
  newTrajectory(id: number | bigint, startTime: number): void {
    this.trajectory = this.emptyTrajectory();
    this.trajectoryId = id;
    this.trajectoryStartTime = startTime;
  }

  /** Adds a program-track point (coordinates with offsets) and refreshes the splines. */
  addPoint(pointId: number, pointTime: number, coords: readonly number[], now: number): void {
    const times = this.trajectory[0] as number[];
    if (times.length === 1 && pointId === 1) {
      // Extend the trajectory 20 points into the past, continuing the first step backwards.
      const first = times[0] as number;
      for (let i = 1; i <= 20; i++) times.push(first - PROGRAM_TRACK_TIMEGAP_S * i);
      times.reverse();
      for (let axis = 0; axis < this.dof; axis++) {
        const values = this.trajectory[axis + 1] as number[];
        const delta = (coords[axis] as number) - (values[0] as number);
        for (let i = 1; i <= 20; i++) values.push(this.clamp((values[0] as number) - delta * i, axis));
        values.reverse();
      }
    }
    times.push(pointTime);
    for (let axis = 0; axis < this.dof; axis++) (this.trajectory[axis + 1] as number[]).push(this.clamp(coords[axis] as number, axis));
    // Forget points more than 5 s old.
    let drop = 0;
    while (drop < times.length && (times[drop] as number) < now - 5) drop++;
    if (drop > 0) for (const series of this.trajectory) series.splice(0, drop);
    if (times.length > 3) {
      try {
        this.splines = this.trajectory.slice(1).map((values) => new NotAKnotSpline(times, values));
      } catch {
        // Repeated times cannot be interpolated: keep the previous splines (the reference's worker fails).
      }
    }
  }

  /** Moves the servo for the time elapsed since the last call (every 10 ms, and on each STATUS). */
  step(now: number): void {
    const elapsed = now - this.lastStatusRead;
    this.lastStatusRead = now;
    if (this.operativeMode === OperativeMode.programTrack) {
      if (this.splines.length === 0) return;
      const times = this.trajectory[0] as number[];
      const first = times[0] as number;
      const last = times[times.length - 1] as number;
      if (now >= first) {
        for (let axis = 0; axis < this.dof; axis++) {
          let coord = (this.splines[axis] as NotAKnotSpline).evaluate(now);
          if (Number.isNaN(coord)) continue;
          coord = this.clamp(coord, axis);
          const delta = coord - (this.coords[axis] as number);
          const move = Math.min((this.maxDelta[axis] as number) * elapsed, Math.abs(delta));
          this.coords[axis] = (this.coords[axis] as number) + sign(delta) * move;
        }
      }
      if (now > last) {
        this.trajectoryId = undefined;
        this.trajectoryStartTime = undefined;
        this.trajectoryPointId = undefined;
        this.trajectory = this.emptyTrajectory();
        this.splines = [];
      }
    } else if (this.operativeMode === OperativeMode.stow || this.operativeMode === OperativeMode.stop) {
      this.cmdCoords = [...this.coords];
    } else if (this.futureOperativeMode !== 0 || this.coords.some((c, i) => c !== this.cmdCoords[i])) {
      this.coords = this.coords.map((c, i) => {
        const delta = (this.cmdCoords[i] as number) - c;
        return c + sign(delta) * Math.min((this.maxDelta[i] as number) * elapsed, Math.abs(delta));
      });
      if (this.coords.every((c, i) => c === this.cmdCoords[i])) {
        this.operativeMode = this.futureOperativeMode;
        this.futureOperativeMode = 0;
      }
    }
  }

  /** The servo's part of a STATUS answer: state as before this motion step, coordinates after it. */
  statusText(now: number): string {
    const n = this.name;
    const head = `,${n}_ENABLED=${this.enabled}|${n}_STATUS=${this.status}|${n}_BLOCK=${this.block}|${n}_OPERATIVE_MODE=${this.operativeMode}|`;
    this.step(now);
    return head + this.spec.statusTail(this);
  }
}

const elongations = (prefix: string, names: readonly string[], range: number) =>
  names.map((a) => `${prefix}_ELONG_${a}=${f6(uniform(-range, range))}|`).join('');

/** The servos of the SRT minor-servo system, by name, in the reference's order. */
export function createServos(now: number): Map<string, Servo> {
  const specs: ServoSpec[] = [
    {
      name: 'PFP',
      dof: 3,
      maxCoord: [1490.0, 50.0, 77.0],
      minCoord: [-1490.0, -200.0, -1],
      maxDelta: [25.0, 5.0, 0.42],
      programTrackCapable: true,
      statusTail: (s) =>
        'PFP_X_ENABLED=1|PFP_Z_MASTER_ENABLED=1|PFP_Z_SLAVE_ENABLED=1|PFP_THETA_MASTER_ENABLED=1|PFP_THETA_SLAVE_ENABLED=1|' +
        elongations('PFP', ['X', 'Z_MASTER', 'Z_SLAVE', 'THETA_MASTER', 'THETA_SLAVE'], 10) +
        ['TX', 'TZ', 'RTHETA'].map((a, i) => `PFP_${a}=${f6(s.coords[i] as number)}|`).join('') +
        ['TX', 'TZ', 'RTHETA'].map((a, i) => `PFP_OFFSET_${a}=${f6(s.offsets[i] as number)}`).join('|'),
    },
    {
      name: 'SRP',
      dof: 6,
      maxCoord: [120.0, 120.0, 120.0, 0.25, 0.25, 0.25],
      minCoord: [-120.0, -120.0, -120.0, -0.25, -0.25, -0.25],
      maxDelta: [4.0, 4.0, 4.0, 0.38, 0.38, 0.38],
      programTrackCapable: true,
      statusTail: (s) =>
        ['Z1', 'Z2', 'Z3', 'Y1', 'Y2', 'X1'].map((a) => `SRP_${a}_ENABLED=1|`).join('') +
        elongations('SRP', ['Z1', 'Z2', 'Z3', 'Y1', 'Y2', 'X1'], 10) +
        ['TX', 'TY', 'TZ', 'RX', 'RY', 'RZ'].map((a, i) => `SRP_${a}=${f6(s.coords[i] as number)}|`).join('') +
        ['TX', 'TY', 'TZ', 'RX', 'RY', 'RZ'].map((a, i) => `SRP_OFFSET_${a}=${f6(s.offsets[i] as number)}`).join('|'),
    },
    rotator('M3R', -165.0, 165.0, 3.14),
    rotator('GFR', -166.0, 168.5, 3.5),
    derotator('GFR1'),
    derotator('GFR2'),
    derotator('GFR3'),
    derotator('PFP'),
  ];
  return new Map(specs.map((spec) => [spec.name, new Servo(spec, now)]));
}

function rotator(name: string, min: number, max: number, speed: number): ServoSpec {
  return {
    name,
    dof: 1,
    minCoord: [min],
    maxCoord: [max],
    maxDelta: [speed],
    programTrackCapable: false,
    statusTail: (s) =>
      `${name}_CLOCKWISE_ENABLED=1|${name}_COUNTERCLOCKWISE_ENABLED=1|` +
      `${name}_CLOCKWISE=${f6(uniform(-2, 2))}|${name}_COUNTERCLOCKWISE=${f6(uniform(-2, 2))}|` +
      `${name}_ROTATION=${f6(s.coords[0] as number)}|${name}_OFFSET=${f6(s.offsets[0] as number)}`,
  };
}

function derotator(which: string): ServoSpec {
  const name = `DR_${which}`;
  return {
    name,
    dof: 1,
    minCoord: [-150.0],
    maxCoord: [150.0],
    maxDelta: [3.276],
    programTrackCapable: true,
    statusTail: (s) => `${name}_ROTARY_AXIS_ENABLED=1|${name}_ROTATION=${f6(s.coords[0] as number)}|${name}_OFFSET=${f6(s.offsets[0] as number)}`,
  };
}
