import { checksum } from '../../utils/index.js';

/** First byte of a command: reply without (`FA`) or with (`FC`) the USD address. */
export const USD_START_NO_ADDRESS = 0xfa;
export const USD_START_WITH_ADDRESS = 0xfc;
export const USD_ACK = 0x06;
export const USD_NAK = 0x15;
/** Each unit of the response delay is 512 µs; 255 means the USD never answers. */
export const USD_DELAY_STEP_MS = 0.512;
export const USD_NEVER_ANSWER = 255;

/** The 24 command codes. */
export const UsdCommand = {
  softReset: 0x01,
  softTrigger: 0x02,
  getVersion: 0x10,
  softStop: 0x11,
  getPosition: 0x12,
  getStatus: 0x13,
  getDriverType: 0x14,
  setMinFrequency: 0x20,
  setMaxFrequency: 0x21,
  setSlopeDelayer: 0x22,
  setReferencePosition: 0x23,
  setIoPins: 0x25,
  setResolution: 0x26,
  setCurrentReduction: 0x27,
  setResponseDelay: 0x28,
  setDelayedExecution: 0x29,
  setStopIo: 0x2a,
  setPositioningIo: 0x2b,
  setHomeIo: 0x2c,
  setWorkingMode: 0x2d,
  setAbsolutePosition: 0x30,
  setRelativePosition: 0x31,
  rotate: 0x32,
  setVelocity: 0x35,
} as const;

/** A command to one USD: `start, nbyte<<5 | usd, cmd, params, checksum`. */
export function encodeUsdCommand(usd: number, command: number, params: readonly number[] = [], start = USD_START_WITH_ADDRESS): Uint8Array {
  const body = [start, (((params.length + 1) & 7) << 5) | (usd & 0x1f), command, ...params];
  return Uint8Array.from([...body, checksum(Uint8Array.from(body))]);
}

/** A broadcast to every USD of the line (never answered): `start, 00, nbyte, cmd, params, checksum`. */
export function encodeUsdBroadcast(command: number, params: readonly number[] = [], start = USD_START_WITH_ADDRESS): Uint8Array {
  const body = [start, 0x00, params.length + 1, command, ...params];
  return Uint8Array.from([...body, checksum(Uint8Array.from(body))]);
}
