import { intToBytes } from '../../utils/index.js';
import { encodeUsdBroadcast, encodeUsdCommand, USD_START_NO_ADDRESS, USD_START_WITH_ADDRESS, UsdCommand } from './protocol.js';

/**
 * Ready-made USD commands (the reference's `command_library`), for clients and tests. `usd` undefined
 * composes a broadcast; `addressOnResponse` picks `FC` (reply carries the address, default) or `FA`.
 */
function compose(command: number, params: readonly number[], usd: number | undefined, addressOnResponse: boolean): Uint8Array {
  const start = addressOnResponse ? USD_START_WITH_ADDRESS : USD_START_NO_ADDRESS;
  if (usd === undefined) return encodeUsdBroadcast(command, params, start);
  if (!Number.isInteger(usd)) throw new TypeError('Argument usd_index must be an integer.');
  if (usd < 0 || usd > 31) throw new RangeError('Argument usd_index must be inside range [0:32]');
  return encodeUsdCommand(usd, command, params, start);
}

function integer(value: number, name: string): number {
  if (!Number.isInteger(value)) throw new TypeError(`Argument ${name} must be an integer.`);
  return value;
}

function position(value: number): number[] {
  integer(value, 'position');
  if (value < -2147483648 || value > 2147483647) {
    throw new RangeError('Argument position must be inside range [-2147483648:2147483647].');
  }
  return [...intToBytes(value, 4, false)];
}

const byte = (value: number, name: string) => [integer(value, name) & 0xff];
const signedBe = (value: number, n: number, name: string) => [...intToBytes(integer(value, name), n, false)];

type Target = [usd?: number, addressOnResponse?: boolean];
const c = (command: number, params: readonly number[], [usd, addressOnResponse = true]: Target) => compose(command, params, usd, addressOnResponse);

export const usdCommands = {
  softReset: (...t: Target) => c(UsdCommand.softReset, [], t),
  softTrigger: (...t: Target) => c(UsdCommand.softTrigger, [], t),
  getVersion: (...t: Target) => c(UsdCommand.getVersion, [], t),
  softStop: (...t: Target) => c(UsdCommand.softStop, [], t),
  getPosition: (...t: Target) => c(UsdCommand.getPosition, [], t),
  getStatus: (...t: Target) => c(UsdCommand.getStatus, [], t),
  getDriverType: (...t: Target) => c(UsdCommand.getDriverType, [], t),
  setMinFrequency: (frequency: number, ...t: Target) => c(UsdCommand.setMinFrequency, signedBe(frequency, 2, 'frequency'), t),
  setMaxFrequency: (frequency: number, ...t: Target) => c(UsdCommand.setMaxFrequency, signedBe(frequency, 2, 'frequency'), t),
  setSlopeMultiplier: (multiplier: number, ...t: Target) => c(UsdCommand.setSlopeDelayer, byte(multiplier, 'multiplier'), t),
  setReferencePosition: (value: number, ...t: Target) => c(UsdCommand.setReferencePosition, position(value), t),
  setIoPins: (value: number, ...t: Target) => c(UsdCommand.setIoPins, byte(value, 'byte_value'), t),
  setResolution: (resolution: number, ...t: Target) => c(UsdCommand.setResolution, byte(resolution, 'resolution'), t),
  reduceCurrent: (value: number, ...t: Target) => c(UsdCommand.setCurrentReduction, byte(value, 'byte_value'), t),
  setResponseDelay: (delay: number, ...t: Target) => c(UsdCommand.setResponseDelay, byte(delay, 'delay'), t),
  toggleDelayedExecution: (value: number, ...t: Target) => c(UsdCommand.setDelayedExecution, byte(value, 'byte_value'), t),
  setAbsolutePosition: (value: number, ...t: Target) => c(UsdCommand.setAbsolutePosition, position(value), t),
  setRelativePosition: (value: number, ...t: Target) => c(UsdCommand.setRelativePosition, position(value), t),
  rotate: (direction: number, ...t: Target) => c(UsdCommand.rotate, byte(direction, 'direction'), t),
  setVelocity: (velocity: number, ...t: Target) => c(UsdCommand.setVelocity, signedBe(velocity, 3, 'velocity'), t),
  setStopIo: (value: number, ...t: Target) => c(UsdCommand.setStopIo, byte(value, 'byte_value'), t),
  setPositioningIo: (value: number, ...t: Target) => c(UsdCommand.setPositioningIo, byte(value, 'byte_value'), t),
  setHomeIo: (value: number, ...t: Target) => c(UsdCommand.setHomeIo, byte(value, 'byte_value'), t),
  setWorkingMode: (value: number, ...t: Target) => c(UsdCommand.setWorkingMode, [...byte(value, 'byte_value'), 0x00], t),
} as const;
