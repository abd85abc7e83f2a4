import { describe, expect, it } from 'vitest';
import { DeviceError, ManualClock } from '../src/framework/index.js';
import {
  AcuMode,
  AcuStatusOffset,
  AcuSystem,
  decodeAcuStatus,
  encodeAcuMessage,
  NotAKnotSpline,
  type AcuCommand,
  type DecodedAcuStatus,
  type ProgramTrackEntry,
} from '../src/systems/acu/index.js';
import { mjd } from '../src/utils/index.js';

const AZ = 1;
const EL = 2;
const PS = 5;
const START_MS = Date.UTC(2025, 5, 1, 12, 0, 0);

// Blocks of a freshly started reference ACU (after one update), generated with the Python reference.
const REFERENCE_BLOCKS = {
  general: '00010222000000000000000000000000000000000000000000',
  azimuth:
    '0001010100000000000000000000000000000095ba0a0095ba0a0095ba0a000000000000000000000000000000000000000000000000ff000000ff000000000000000000000000000000000000000000000000000000000000000000',
  elevation:
    '000101010000000008020000000000000000804a5d05804a5d05804a5d050000000000000000000000000000000000000000000000000f0000000f000101000001000100000000000000000000000000000000000000000000000000',
  cableWrap:
    '0001010100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100000001000000000000000000000000000000000000000000000000000000000000000000',
  motor: '000000000000000000000000000000000100010000000000000000',
  facility: '00000000000000000000000000000000',
};

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

class Harness {
  readonly clock = new ManualClock(START_MS);
  readonly acu = new AcuSystem({ clock: this.clock });
  private counter = 1000;
  private readonly parser = this.acu.createParser();

  /** Sends a message (fresh counter); returns the counters its commands got. */
  send(...commands: AcuCommand[]): number[] {
    this.counter += 10;
    this.feed(encodeAcuMessage(this.counter, commands));
    return commands.map((_, i) => this.counter + 1 + i);
  }

  feed(bytes: Uint8Array): void {
    for (const byte of bytes) void this.parser.parse(byte);
  }

  status(): DecodedAcuStatus {
    return decodeAcuStatus(this.acu.status());
  }

  /** Advances time in loop-sized steps until `done()` holds; returns the elapsed ms. */
  advanceUntil(done: () => boolean, limitMs: number, stepMs = 5): number {
    const t0 = this.clock.now();
    while (!done()) {
      if (this.clock.now() - t0 > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
      this.clock.advance(stepMs);
    }
    return this.clock.now() - t0;
  }

  activate(): void {
    this.send({ kind: 'mode', subsystem: EL, mode: AcuMode.unstow });
    this.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.active }, { kind: 'mode', subsystem: EL, mode: AcuMode.active });
  }

  dispose(): void {
    this.acu.dispose();
  }
}

function withHarness(fn: (h: Harness) => void): () => void {
  return () => {
    const h = new Harness();
    try {
      fn(h);
    } finally {
      h.dispose();
    }
  };
}

describe('ACU status message', () => {
  it(
    'has the documented layout and the reference start-up blocks',
    withHarness((h) => {
      h.clock.advance(100);
      const frame = h.acu.status();
      expect(frame.length).toBe(813);
      expect(hex(frame.subarray(0, 8))).toBe('1acffc1d2d030000');
      expect(hex(frame.subarray(809))).toBe('d1cffca1');
      const o = AcuStatusOffset;
      expect(hex(frame.subarray(o.general, o.azimuth))).toBe(REFERENCE_BLOCKS.general);
      expect(hex(frame.subarray(o.azimuth, o.elevation))).toBe(REFERENCE_BLOCKS.azimuth);
      expect(hex(frame.subarray(o.elevation, o.cableWrap))).toBe(REFERENCE_BLOCKS.elevation);
      expect(hex(frame.subarray(o.cableWrap, o.motors))).toBe(REFERENCE_BLOCKS.cableWrap);
      for (let i = 0; i < 13; i++) expect(hex(frame.subarray(o.motors + i * 27, o.motors + (i + 1) * 27))).toBe(REFERENCE_BLOCKS.motor);
      expect(hex(frame.subarray(o.facility, o.endFlag))).toBe(REFERENCE_BLOCKS.facility);
    }),
  );

  it(
    'carries the time: ms of day at 8, MJD at 721, calendar fields in the pointing block',
    withHarness((h) => {
      h.clock.advance(100);
      const frame = h.acu.status();
      const view = new DataView(frame.buffer);
      const nowUs = BigInt(Math.floor(h.clock.now() * 1000));
      expect(view.getUint32(8, true)).toBe(12 * 3600 * 1000 + 100);
      expect(view.getFloat64(721, true)).toBe(mjd(nowUs));
      const p = AcuStatusOffset.pointing;
      expect([75, 77, 79, 81, 83, 85].map((at) => view.getUint16(p + at, true))).toEqual([2025, 6, 1, 12, 0, 0]);
      expect(view.getUint16(p + 55, true)).toBe(1); // time source ACU
    }),
  );

  it(
    'publishes one message per 100 ms to subscribers, refreshed each time',
    withHarness((h) => {
      const frames: Uint8Array[] = [];
      h.acu.subscribe({ put: (m) => frames.push(m) });
      h.clock.advance(1000);
      expect(frames).toHaveLength(10);
      const times = frames.map((f) => new DataView(f.buffer).getUint32(8, true));
      expect(times.slice(1).map((t, i) => t - (times[i] as number))).toEqual(Array(9).fill(100));
    }),
  );
});

describe('ACU command messages', () => {
  it(
    'activates both axes (D-SIMV-82): state 3, trajectory 1, received (counter, 2, 9), executed (counter, 2, 1)',
    withHarness((h) => {
      const message = encodeAcuMessage(5000, [
        { kind: 'mode', subsystem: AZ, mode: AcuMode.active },
        { kind: 'mode', subsystem: EL, mode: AcuMode.active },
      ]);
      expect(message.length).toBe(72);
      h.feed(message);
      h.clock.advance(100);
      const s = h.status();
      for (const [axis, counter] of [
        [s.azimuth, 5001],
        [s.elevation, 5002],
      ] as const) {
        expect(axis.axisState).toBe(3);
        expect(axis.trajectoryState).toBe(1);
        expect(axis.received).toEqual({ counter, mode: 2, answer: 9 });
        expect(axis.executed).toEqual({ counter, mode: 2, answer: 1 });
      }
      expect(s.azimuth.brakesOpen).toBe(0xff);
      expect(s.elevation.brakesOpen).toBe(0x0f);
      expect(s.cableWrap.brakesOpen).toBe(0x01);
    }),
  );

  it(
    'refuses a repeated message counter with a DeviceError',
    withHarness((h) => {
      const message = encodeAcuMessage(7000, [{ kind: 'mode', subsystem: AZ, mode: AcuMode.active }]);
      h.feed(message);
      expect(() => h.feed(message)).toThrow(DeviceError);
    }),
  );

  it(
    'answers 4 (wrong state) to mode 7 on an inactive axis',
    withHarness((h) => {
      const [counter] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.stop });
      expect(h.status().azimuth.received).toEqual({ counter, mode: 7, answer: 4 });
      expect(h.status().azimuth.executed).toEqual({ counter: 0, mode: 0, answer: 0 });
    }),
  );

  it(
    'records mode 0 and unknown modes as ignored',
    withHarness((h) => {
      const [counter] = h.send({ kind: 'mode', subsystem: AZ, mode: 99 });
      expect(h.status().azimuth.received).toEqual({ counter, mode: 0, answer: 0 });
    }),
  );

  it(
    'answers 4 to activating an active axis',
    withHarness((h) => {
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.active });
      const [counter] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.active });
      expect(h.status().azimuth.received).toEqual({ counter, mode: 2, answer: 4 });
    }),
  );

  const invalid: [string, (h: Harness) => Uint8Array][] = [
    [
      'a wrong end flag',
      () => {
        const m = encodeAcuMessage(1, [{ kind: 'mode', subsystem: AZ, mode: 1 }]);
        m[m.length - 1] = 0;
        return m;
      },
    ],
    ['two commands for one subsystem', () => encodeAcuMessage(2, [{ kind: 'mode', subsystem: AZ, mode: 2 }, { kind: 'mode', subsystem: AZ, mode: 1 }])],
    [
      'a command count mismatch',
      () => {
        const m = encodeAcuMessage(3, [{ kind: 'mode', subsystem: AZ, mode: 1 }, { kind: 'parameter', subsystem: EL, parameter: 11 }]);
        new DataView(m.buffer).setInt32(12, 3, true);
        return m;
      },
    ],
    [
      'an unknown command id',
      () => {
        const m = encodeAcuMessage(4, [{ kind: 'mode', subsystem: AZ, mode: 1 }]);
        new DataView(m.buffer).setUint16(16, 3, true);
        return m;
      },
    ],
    ['an unknown subsystem', () => encodeAcuMessage(5, [{ kind: 'mode', subsystem: 3, mode: 1 }])],
    ['a parameter command for an unknown subsystem', () => encodeAcuMessage(6, [{ kind: 'parameter', subsystem: 3, parameter: 1 }])],
    ['a mode command for the pointing subsystem', () => encodeAcuMessage(7, [{ kind: 'mode', subsystem: PS, mode: 1 }])],
    [
      'a program track for an unknown subsystem',
      () => encodeAcuMessage(8, [{ kind: 'programTrack', subsystem: 0, loadMode: 1, startMjd: 0, azimuthRate: 1, elevationRate: 1, entries: table(0) }]),
    ],
    [
      'a program track whose declared length exceeds the message',
      () => {
        const m = encodeAcuMessage(9, [{ kind: 'programTrack', loadMode: 1, startMjd: 0, azimuthRate: 1, elevationRate: 1, entries: table(0) }]);
        new DataView(m.buffer).setUint16(16 + 16, 8, true);
        return m;
      },
    ],
    [
      'a declared total length below the minimum',
      () => {
        const m = encodeAcuMessage(10, [{ kind: 'mode', subsystem: AZ, mode: 1 }]);
        new DataView(m.buffer).setUint32(4, 8, true);
        return m;
      },
    ],
  ];

  it.each(invalid)('refuses %s with DISCOS_SIM_DEVICE_ERROR', (_name, build) => {
    const h = new Harness();
    try {
      let error: unknown;
      try {
        h.feed(build(h));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DeviceError);
      expect((error as DeviceError).code).toBe('DISCOS_SIM_DEVICE_ERROR');
      // The parser is ready for the next message.
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.active });
      expect(h.status().azimuth.axisState).toBe(3);
    } finally {
      h.dispose();
    }
  });

  it(
    'drops bytes until a start flag and accepts a message split anywhere',
    withHarness((h) => {
      const parser = h.acu.createParser();
      expect(parser.parse(0x00)).toBe(false);
      expect(parser.parse(0x1a)).toBe(true);
      expect(parser.parse(0x00)).toBe(false);
      const message = encodeAcuMessage(42, [{ kind: 'mode', subsystem: AZ, mode: AcuMode.active }]);
      for (const byte of message) expect(parser.parse(byte)).toBe(true);
      expect(h.status().azimuth.axisState).toBe(3);
    }),
  );
});

describe('ACU axis motion', () => {
  it(
    'presets azimuth 180 -> 190 at 0.85 deg/s in 10/0.85 s',
    withHarness((h) => {
      h.activate();
      const [counter] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.presetAbsolute, parameter1: 190, parameter2: 0.85 });
      expect(h.status().azimuth.executed).toEqual({ counter, mode: 3, answer: 2 });
      h.clock.advance(100);
      const moving = h.status().azimuth;
      expect(moving.trajectoryState).toBe(6);
      expect(moving.vIst).toBe(850000);
      expect(moving.pSoll).toBe(190000000);
      const elapsed = h.advanceUntil(() => h.acu.azimuth.executedAnswer === 1, 20000) + 100;
      expect(Math.abs(elapsed - (10 / 0.85) * 1000)).toBeLessThanOrEqual(5);
      h.clock.advance(100);
      const s = h.status().azimuth;
      expect(s.pIst).toBe(190000000);
      expect(s.vIst).toBe(0);
      expect(s.executed).toEqual({ counter, mode: 3, answer: 1 });
    }),
  );

  it(
    'moves elevation only once unstowed, 90 -> 60 at 0.5 deg/s in 60 s',
    withHarness((h) => {
      h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.active });
      h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.presetAbsolute, parameter1: 60, parameter2: 0.5 });
      h.clock.advance(1000);
      expect(h.acu.elevation.pIst).toBe(90000000); // stowed: no motion
      h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.unstow });
      const [counter] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.presetAbsolute, parameter1: 60, parameter2: 0.5 });
      const elapsed = h.advanceUntil(() => h.acu.elevation.executedAnswer === 1 && h.acu.elevation.executedCounter === counter, 70000);
      expect(Math.abs(elapsed - 60000)).toBeLessThanOrEqual(5);
      expect(h.acu.elevation.pIst).toBe(60000000);
    }),
  );

  it(
    'presets relative to the commanded position and refuses out-of-range targets with answer 5',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.presetRelative, parameter1: -2, parameter2: 0.5 });
      h.advanceUntil(() => h.acu.azimuth.executedAnswer === 1, 10000);
      expect(h.acu.azimuth.pIst).toBe(178000000);
      const [c1] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.presetAbsolute, parameter1: 500, parameter2: 0.5 });
      expect(h.status().azimuth.received).toEqual({ counter: c1, mode: 3, answer: 5 });
      const [c2] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.presetAbsolute, parameter1: 100, parameter2: 2 });
      expect(h.status().azimuth.received).toEqual({ counter: c2, mode: 3, answer: 5 });
      const [c3] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.presetRelative, parameter1: 10, parameter2: 0.1 });
      expect(h.status().elevation.received).toEqual({ counter: c3, mode: 4, answer: 5 });
    }),
  );

  it(
    'slews at a fraction of the rate to the end of the range and stops on mode 7',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.slew, parameter1: -0.5, parameter2: 0.8 });
      h.clock.advance(1000);
      expect(h.status().azimuth.trajectoryState).toBe(4);
      expect(h.acu.azimuth.vIst).toBe(-400000);
      expect(Math.abs(h.acu.azimuth.pIst - 179600000)).toBeLessThanOrEqual(2000);
      const [stop] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.stop });
      h.clock.advance(100);
      const s = h.status().azimuth;
      expect(s.trajectoryState).toBe(3);
      expect(s.vIst).toBe(0);
      expect(s.executed).toEqual({ counter: stop, mode: 7, answer: 1 });
      const parked = h.acu.azimuth.pIst;
      h.clock.advance(1000);
      expect(h.acu.azimuth.pIst).toBe(parked);
      const [bad] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.slew, parameter1: 2, parameter2: 0.5 });
      expect(h.status().azimuth.received).toEqual({ counter: bad, mode: 5, answer: 5 });
    }),
  );

  it(
    'reaches the lower limit and raises the pre-limit warning',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.slew, parameter1: -1, parameter2: 0.85 });
      const elapsed = h.advanceUntil(() => h.acu.azimuth.executedAnswer === 1, 400000, 50);
      expect(Math.abs(elapsed - (270 / 0.85) * 1000)).toBeLessThanOrEqual(50);
      h.clock.advance(100);
      const s = h.status().azimuth;
      expect(s.pIst).toBe(-90000000);
      expect((s.warnings >>> 20) & 1).toBe(1); // Pre_Limit_Dn
      expect((s.warnings >>> 22) & 1).toBe(0); // Fin_Limit_Dn
    }),
  );

  it(
    'stows and unstows elevation, drives to stow, and refuses stow away from the stow position',
    withHarness((h) => {
      h.activate();
      let s = h.status().elevation;
      expect(s.stowed).toBe(false);
      expect(s.stowPinIn).toBe(1);
      h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.presetAbsolute, parameter1: 80, parameter2: 0.5 });
      h.advanceUntil(() => h.acu.elevation.executedAnswer === 1, 30000);
      const [refused] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.stow });
      expect(h.status().elevation.received).toEqual({ counter: refused, mode: 50, answer: 4 });
      const [bad] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.driveToStow, parameter1: 1, parameter2: 0.2 });
      expect(h.status().elevation.received).toEqual({ counter: bad, mode: 52, answer: 5 });
      const [drive] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.driveToStow, parameter1: 0, parameter2: 0.25 });
      const elapsed = h.advanceUntil(() => h.acu.elevation.executedAnswer === 1, 60000);
      expect(Math.abs(elapsed - 40000)).toBeLessThanOrEqual(5);
      h.clock.advance(100);
      s = h.status().elevation;
      expect(s.executed).toEqual({ counter: drive, mode: 52, answer: 1 });
      expect(s.pIst).toBe(90000000);
      expect(s.stowed).toBe(true);
      expect(s.stowPosOk).toBe(true);
      expect(s.stowPinOut).toBe(1);
      expect((s.warnings >>> 25) & 1).toBe(1); // Stowpins_Extracted
      const [unstow] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.unstow });
      h.clock.advance(100);
      s = h.status().elevation;
      expect(s.executed).toEqual({ counter: unstow, mode: 51, answer: 1 });
      expect(s.stowed).toBe(false);
      const [stow] = h.send({ kind: 'mode', subsystem: EL, mode: AcuMode.stow });
      expect(h.status().elevation.executed).toEqual({ counter: stow, mode: 50, answer: 1 });
    }),
  );

  it(
    'deactivates (mode 1), interlocks (14) and resets (15)',
    withHarness((h) => {
      h.activate();
      const [inactive] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.inactive });
      h.clock.advance(100);
      let s = h.status().azimuth;
      expect(s.axisState).toBe(0);
      expect(s.brakesOpen).toBe(0);
      expect(s.executed).toEqual({ counter: inactive, mode: 1, answer: 1 });
      expect(h.status().cableWrap.brakesOpen).toBe(0);
      const [interlock] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.interlock });
      expect(h.status().azimuth.executed).toEqual({ counter: interlock, mode: 14, answer: 1 });
      h.acu.azimuth.errors = 0xffffffff;
      const [reset] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.reset });
      s = h.status().azimuth;
      expect(s.executed).toEqual({ counter: reset, mode: 15, answer: 1 });
      expect(s.errors).toBe((1 << 5) | (1 << 10) | (1 << 20) | (1 << 21) | (1 << 28)); // unused bits are not errors
    }),
  );

  it(
    'applies absolute and relative position offsets (parameters 11/12) only when active',
    withHarness((h) => {
      const [refused] = h.send({ kind: 'parameter', subsystem: AZ, parameter: 11, parameter1: 1 });
      expect(h.status().azimuth.parameter).toEqual({ counter: refused, command: 11, answer: 4 });
      h.activate();
      h.send({ kind: 'parameter', subsystem: AZ, parameter: 11, parameter1: 1.5 });
      const [rel] = h.send({ kind: 'parameter', subsystem: AZ, parameter: 12, parameter1: -0.25 });
      let s = h.status().azimuth;
      expect(s.pOffset).toBe(1250000);
      expect(s.parameter).toEqual({ counter: rel, command: 12, answer: 1 });
      const [unknown] = h.send({ kind: 'parameter', subsystem: AZ, parameter: 13 });
      s = h.status().azimuth;
      expect(s.parameter).toEqual({ counter: unknown, command: 13, answer: 5 });
    }),
  );
});

describe('ACU pointing parameters', () => {
  it(
    'sets time source and offsets (parameters 50, 51, 60)',
    withHarness((h) => {
      const [c1] = h.send({ kind: 'parameter', subsystem: PS, parameter: 50, parameter1: 3, parameter2: 60000.5 });
      h.clock.advance(100);
      let p = h.status().pointing;
      expect(p.parameter).toEqual({ counter: c1, command: 50, answer: 1 });
      expect(p.timeSource).toBe(3);
      expect(Math.abs(p.actTime - (60000.5 + 100 / 86400000))).toBeLessThan(1e-9);
      h.send({ kind: 'parameter', subsystem: PS, parameter: 50, parameter1: 1 });
      h.send({ kind: 'parameter', subsystem: PS, parameter: 51, parameter1: 1 });
      h.send({ kind: 'parameter', subsystem: PS, parameter: 51, parameter1: 4, parameter2: 2.5 });
      h.clock.advance(100);
      p = h.status().pointing;
      expect(p.actTimeOffset).toBeCloseTo(3.5 / 86400, 15);
      expect(Math.abs(p.actTime - mjd(BigInt((h.clock.now() + 3500) * 1000)))).toBeLessThan(1e-9);
      const [bad] = h.send({ kind: 'parameter', subsystem: PS, parameter: 51, parameter1: 5 });
      expect(h.status().pointing.parameter).toEqual({ counter: bad, command: 51, answer: 5 });
      const [corr] = h.send({ kind: 'parameter', subsystem: PS, parameter: 60, parameter1: 1.5 });
      h.clock.advance(100);
      p = h.status().pointing;
      expect(p.parameter).toEqual({ counter: corr, command: 60, answer: 1 });
      expect(p.actPtTimeOffset).toBe(1500);
      const [unknown] = h.send({ kind: 'parameter', subsystem: PS, parameter: 1 });
      expect(h.status().pointing.parameter).toEqual({ counter: unknown, command: 1, answer: 5 });
    }),
  );
});

function table(start: number, points: [number, number][] = [[181, 89], [182, 88], [181, 89], [182, 88], [183, 87]], stepMs = 2000): ProgramTrackEntry[] {
  return points.map(([azimuth, elevation], i) => ({ relativeMs: start + i * stepMs, azimuth, elevation }));
}

function startMjd(h: Harness, afterMs: number): number {
  return mjd(BigInt(Math.round((h.clock.now() + afterMs) * 1000)));
}

describe('ACU program track', () => {
  it(
    'follows the not-a-knot spline of the table (trajectory and position within 1e-6 deg), then holds the last point',
    withHarness((h) => {
      h.activate();
      // Slow enough for both axes to follow (below 0.85 and 0.5 deg/s).
      const entries = table(0, [[180.2, 89.8], [180.9, 89.4], [181.5, 89.3], [181.8, 88.9], [182.6, 88.6], [183.0, 88.5]]);
      const startMs = h.clock.now() + 3000;
      const [load] = h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 3000), azimuthRate: 0.5, elevationRate: 0.5, entries });
      expect(h.status().pointing.parameter).toEqual({ counter: load, command: 61, answer: 1 });
      expect(h.status().pointing.ptTableLength).toBe(6);
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 }, { kind: 'mode', subsystem: EL, mode: AcuMode.programTrack, parameter2: 0.5 });
      // Before the start: the axes go to the first point at the commanded rate and wait.
      h.clock.advance(2900);
      expect(h.acu.pointing.ptState).toBe(2);
      expect(h.acu.azimuth.pIst).toBe(180200000);
      expect(h.acu.elevation.pIst).toBe(89800000);
      expect(h.acu.azimuth.vIst).toBe(0);
      const az = new NotAKnotSpline(entries.map((e) => e.relativeMs), entries.map((e) => e.azimuth));
      const el = new NotAKnotSpline(entries.map((e) => e.relativeMs), entries.map((e) => e.elevation));
      let checked = 0;
      while (h.acu.pointing.ptState !== 4) {
        h.clock.advance(5);
        if (h.acu.pointing.ptState !== 3) continue;
        const elapsed = h.clock.now() - startMs;
        for (const [axis, spline] of [
          [h.acu.azimuth, az],
          [h.acu.elevation, el],
        ] as const) {
          expect(Math.abs(axis.pBahn / 1e6 - spline.evaluate(elapsed))).toBeLessThan(1e-6);
          expect(Math.abs(axis.pIst / 1e6 - spline.evaluate(elapsed))).toBeLessThan(1e-6);
          expect(Math.abs(axis.vBahn / 1e6 - spline.evaluate(elapsed, 1))).toBeLessThan(1e-6);
          expect(axis.trajectoryState).toBe(7);
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(1900);
      h.clock.advance(1000);
      expect(h.acu.azimuth.pIst).toBe(183000000);
      expect(h.acu.elevation.pIst).toBe(88500000);
      expect(h.status().pointing.ptTableLength).toBe(0);
    }),
  );

  it(
    'runs the reference table (faster than the axes) to its last point, the trajectory still on the spline',
    withHarness((h) => {
      h.activate();
      const entries = table(0);
      const startMs = h.clock.now() + 3000;
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 3000), azimuthRate: 0.5, elevationRate: 0.5, entries });
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 }, { kind: 'mode', subsystem: EL, mode: AcuMode.programTrack, parameter2: 0.5 });
      const az = new NotAKnotSpline(entries.map((e) => e.relativeMs), entries.map((e) => e.azimuth));
      while (h.acu.pointing.ptState !== 4) {
        h.clock.advance(5);
        if (h.acu.pointing.ptState !== 3) continue;
        expect(Math.abs(h.acu.azimuth.pBahn / 1e6 - az.evaluate(h.clock.now() - startMs))).toBeLessThan(1e-6);
        expect(Math.abs(h.acu.azimuth.vIst)).toBeLessThanOrEqual(850000);
      }
      h.clock.advance(5000);
      expect(h.acu.azimuth.pIst).toBe(183000000);
      expect(h.acu.elevation.pIst).toBe(87000000);
    }),
  );

  it(
    'appends entries (load mode 2) with the same start time and step, also while tracking',
    withHarness((h) => {
      h.activate();
      const start = startMjd(h, 1000);
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: start, azimuthRate: 0.5, elevationRate: 0.5, entries: table(0) });
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 }, { kind: 'mode', subsystem: EL, mode: AcuMode.programTrack, parameter2: 0.5 });
      h.clock.advance(2000);
      const [append] = h.send({ kind: 'programTrack', loadMode: 2, startMjd: start, azimuthRate: 1, elevationRate: 1, entries: [{ relativeMs: 10000, azimuth: 184, elevation: 88 }] });
      expect(h.status().pointing.parameter).toEqual({ counter: append, command: 61, answer: 1 });
      h.advanceUntil(() => h.acu.pointing.ptState === 4, 15000);
      h.clock.advance(3000);
      expect(h.acu.azimuth.pIst).toBe(184000000);
      expect(h.acu.elevation.pIst).toBe(88000000);
    }),
  );

  it(
    'refuses invalid tables with answer 5 (or 0 for another parameter id)',
    withHarness((h) => {
      const start = startMjd(h, 1000);
      const base = { kind: 'programTrack', loadMode: 1, startMjd: start, azimuthRate: 1, elevationRate: 1 } as const;
      const cases: [AcuCommand, number][] = [
        [{ ...base, loadMode: 2, entries: table(0) }, 5], // append to an empty table
        [{ ...base, parameter: 60, entries: table(0) }, 0],
        [{ ...base, interpolationMode: 3, entries: table(0) }, 5],
        [{ ...base, trackingMode: 2, entries: table(0) }, 5],
        [{ ...base, loadMode: 3, entries: table(0) }, 5],
        [{ ...base, entries: table(0).slice(0, 4) }, 5], // fewer than 5 points
        [{ ...base, entries: Array.from({ length: 51 }, (_, i) => ({ relativeMs: i * 100, azimuth: 180, elevation: 60 })) }, 5],
        [{ ...base, entries: table(100) }, 5], // first relative time not 0
        [{ ...base, entries: table(0).map((e, i) => (i === 3 ? { ...e, relativeMs: 1000 } : e)) }, 5], // going back
        [{ ...base, entries: table(0).map((e, i) => (i === 4 ? { ...e, relativeMs: 8500 } : e)) }, 5], // uneven step
      ];
      for (const [command, answer] of cases) {
        const [counter] = h.send(command);
        expect(h.status().pointing.parameter).toEqual({ counter, command: command.kind === 'programTrack' ? command.parameter ?? 61 : 0, answer });
      }
      h.send({ ...base, entries: table(0) });
      const [wrongStart] = h.send({ ...base, loadMode: 2, startMjd: 0, entries: [{ relativeMs: 10000, azimuth: 180, elevation: 90 }] });
      expect(h.status().pointing.parameter).toEqual({ counter: wrongStart, command: 61, answer: 5 });
      const [rate] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 1.5 });
      // Wrong state (4) is overridden by invalid parameters (5), as in the reference.
      expect(h.status().azimuth.received).toEqual({ counter: rate, mode: 8, answer: 5 });
      h.activate();
      const [rate2] = h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 1.5 });
      expect(h.status().azimuth.received).toEqual({ counter: rate2, mode: 8, answer: 5 });
    }),
  );

  it(
    'reloads a table while tracking: back to the new first point, waits, then tracks again',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 3000), azimuthRate: 0.5, elevationRate: 0.5, entries: table(0) });
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 }, { kind: 'mode', subsystem: EL, mode: AcuMode.programTrack, parameter2: 0.5 });
      h.advanceUntil(() => h.acu.pointing.ptState === 3, 5000);
      h.clock.advance(200);
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 3000), azimuthRate: 0.5, elevationRate: 0.5, entries: table(0) });
      expect(h.acu.pointing.ptState).toBe(2);
      h.advanceUntil(() => h.acu.azimuth.pIst === 181000000 && h.acu.elevation.pIst === 89000000 && h.acu.azimuth.vIst === 0, 2500);
      expect(h.acu.pointing.ptState).toBe(2);
      h.advanceUntil(() => h.acu.pointing.ptState === 3, 3000);
      h.clock.advance(500);
      expect(h.acu.azimuth.pIst).not.toBe(181000000);
      expect(h.acu.azimuth.vIst).not.toBe(0);
    }),
  );

  it(
    'waits for a time correction (parameter 60) before starting the table',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 2000), azimuthRate: 0.5, elevationRate: 0.5, entries: table(0) });
      h.send({ kind: 'parameter', subsystem: PS, parameter: 60, parameter1: 4 });
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 }, { kind: 'mode', subsystem: EL, mode: AcuMode.programTrack, parameter2: 0.5 });
      h.clock.advance(5800);
      expect(h.acu.pointing.ptState).toBe(2);
      expect(h.acu.azimuth.pIst).toBe(181000000);
      expect(h.acu.elevation.pIst).toBe(89000000);
      h.clock.advance(11200);
      expect(h.acu.azimuth.pIst).toBe(183000000);
      expect(h.acu.elevation.pIst).toBe(87000000);
    }),
  );

  it(
    'stops tracking on mode 7 before reaching the end',
    withHarness((h) => {
      h.activate();
      h.send({ kind: 'programTrack', loadMode: 1, startMjd: startMjd(h, 1000), azimuthRate: 0.5, elevationRate: 0.5, entries: table(0) });
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.programTrack, parameter2: 0.5 });
      h.clock.advance(4000);
      h.send({ kind: 'mode', subsystem: AZ, mode: AcuMode.stop });
      h.clock.advance(100);
      const parked = h.acu.azimuth.pIst;
      expect(h.acu.azimuth.programTrackActive).toBe(false);
      h.clock.advance(8000);
      expect(h.acu.azimuth.pIst).toBe(parked);
      expect(parked).not.toBe(183000000);
    }),
  );
});
