import { ACU_STATUS_LENGTH } from './protocol.js';

/** Offsets of the blocks inside the 813-byte status message. */
export const AcuStatusOffset = {
  msOfDay: 8,
  general: 12,
  azimuth: 37,
  elevation: 129,
  cableWrap: 221,
  motors: 313,
  pointing: 664,
  facility: 793,
  endFlag: 809,
} as const;

export interface DecodedAxisStatus {
  readonly warnings: number;
  readonly errors: number;
  readonly axisState: number;
  readonly trajectoryState: number;
  /** µdeg and µdeg/s. */
  readonly pSoll: number;
  readonly pBahn: number;
  readonly pIst: number;
  readonly pAbwFil: number;
  readonly vSoll: number;
  readonly vBahn: number;
  readonly vIst: number;
  readonly aBahn: number;
  readonly pOffset: number;
  readonly motorSelection: number;
  readonly brakesOpen: number;
  readonly stowed: boolean;
  readonly stowPosOk: boolean;
  readonly stowPinIn: number;
  readonly stowPinOut: number;
  readonly received: { counter: number; mode: number; answer: number };
  readonly executed: { counter: number; mode: number; answer: number };
  readonly parameter: { counter: number; command: number; answer: number };
}

export interface DecodedPointingStatus {
  readonly timeSource: number;
  /** MJD (frame offset 721). */
  readonly actTime: number;
  readonly actTimeOffset: number;
  readonly ptState: number;
  readonly actPtTimeOffset: number;
  readonly ptInterpolMode: number;
  readonly ptActTableIndex: number;
  readonly ptEndTableIndex: number;
  readonly ptTableLength: number;
  readonly parameter: { counter: number; command: number; answer: number };
}

export interface DecodedAcuStatus {
  readonly msOfDay: number;
  readonly azimuth: DecodedAxisStatus;
  readonly elevation: DecodedAxisStatus;
  readonly cableWrap: DecodedAxisStatus;
  readonly pointing: DecodedPointingStatus;
}

function axis(v: DataView, o: number): DecodedAxisStatus {
  const i32 = (at: number) => v.getInt32(o + at, true);
  const u16 = (at: number) => v.getUint16(o + at, true);
  const u32 = (at: number) => v.getUint32(o + at, true);
  return {
    warnings: u32(6),
    errors: u32(10),
    axisState: u16(14),
    trajectoryState: u16(16),
    pSoll: i32(18),
    pBahn: i32(22),
    pIst: i32(26),
    pAbwFil: i32(30),
    vSoll: i32(34),
    vBahn: i32(38),
    vIst: i32(42),
    aBahn: i32(46),
    pOffset: i32(50),
    motorSelection: u16(54),
    brakesOpen: u16(56),
    stowed: v.getUint8(o + 60) === 1,
    stowPosOk: v.getUint8(o + 61) === 1,
    stowPinIn: u16(62),
    stowPinOut: u16(64),
    received: { counter: u32(68), mode: u16(72), answer: u16(74) },
    executed: { counter: u32(76), mode: u16(80), answer: u16(82) },
    parameter: { counter: u32(84), command: u16(88), answer: u16(90) },
  };
}

/** Reads the fields a client usually needs from a status message (for tests and tools). */
export function decodeAcuStatus(frame: Uint8Array): DecodedAcuStatus {
  if (frame.length !== ACU_STATUS_LENGTH) throw new RangeError(`an ACU status is ${ACU_STATUS_LENGTH} bytes, got ${frame.length}`);
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const p = AcuStatusOffset.pointing;
  return {
    msOfDay: v.getUint32(AcuStatusOffset.msOfDay, true),
    azimuth: axis(v, AcuStatusOffset.azimuth),
    elevation: axis(v, AcuStatusOffset.elevation),
    cableWrap: axis(v, AcuStatusOffset.cableWrap),
    pointing: {
      timeSource: v.getUint16(p + 55, true),
      actTime: v.getFloat64(p + 57, true),
      actTimeOffset: v.getFloat64(p + 65, true),
      ptState: v.getUint16(p + 95, true),
      actPtTimeOffset: v.getInt32(p + 99, true),
      ptInterpolMode: v.getUint16(p + 103, true),
      ptActTableIndex: v.getUint32(p + 109, true),
      ptEndTableIndex: v.getUint32(p + 113, true),
      ptTableLength: v.getUint32(p + 117, true),
      parameter: { counter: v.getUint32(p + 121, true), command: v.getUint16(p + 125, true), answer: v.getUint16(p + 127, true) },
    },
  };
}
