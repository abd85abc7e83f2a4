// The binary and motion system modules and their client helpers, for embedding and tests.
export {
  acu,
  AcuSystem,
  AcuCommandId,
  AcuMode,
  AcuParameter,
  AcuStatusOffset,
  AcuSubsystem,
  ACU_END_FLAG,
  ACU_START_FLAG,
  ACU_STATUS_LENGTH,
  decodeAcuStatus,
  encodeAcuCommand,
  encodeAcuMessage,
  NotAKnotSpline,
} from './acu/index.js';
export type {
  AcuCommand,
  AcuModeCommand,
  AcuParameterCommand,
  AcuProgramTrackCommand,
  DecodedAcuStatus,
  DecodedAxisStatus,
  DecodedPointingStatus,
  ProgramTrackEntry,
} from './acu/index.js';
export { activeSurface, ActiveSurfaceLine, encodeUsdBroadcast, encodeUsdCommand, Usd, UsdCommand, usdCommands } from './active_surface/index.js';
export { receiver, ReceiverCode, ReceiverCommand, ReceiverSystem, xorChecksum } from './receiver/index.js';
export type { ReceiverBoard } from './receiver/index.js';
export { defaultSetupTable, MINOR_SERVOS_HTTP_PATHS, minorServos, MinorServosSystem, parseSetupCsv } from './minor_servos/index.js';
export type { SetupConfiguration } from './minor_servos/index.js';
