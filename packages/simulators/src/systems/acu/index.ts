export { ACU_SAMPLING_PERIOD_MS, ACU_UPDATES_PER_PERIOD, AcuSystem, type AcuSystemOptions } from './acu-system.js';
export { AXIS_STATUS_LENGTH, AxisStatus, AxisWarning, firstBits, SlaveAxisStatus } from './axis-status.js';
export { MasterAxis, type MasterAxisConfig } from './master-axis.js';
export { acu } from './module.js';
export { POINTING_STATUS_LENGTH, PointingStatus } from './pointing-status.js';
export {
  ACU_END_FLAG,
  ACU_MAX_MESSAGE_LENGTH,
  ACU_START_FLAG,
  ACU_STATUS_LENGTH,
  type AcuCommand,
  AcuCommandId,
  AcuMode,
  type AcuModeCommand,
  AcuParameter,
  type AcuParameterCommand,
  type AcuProgramTrackCommand,
  AcuSubsystem,
  encodeAcuCommand,
  encodeAcuMessage,
  type ProgramTrackEntry,
  type RawAcuCommand,
  readModeOrParameter,
  splitAcuCommands,
} from './protocol.js';
export { NotAKnotSpline } from './spline.js';
export {
  FACILITY_STATUS_LENGTH,
  GENERAL_STATUS_LENGTH,
  MOTOR_STATUS_LENGTH,
  writeFacilityStatus,
  writeGeneralStatus,
  writeMotorStatus,
} from './static-status.js';
export {
  AcuStatusOffset,
  decodeAcuStatus,
  type DecodedAcuStatus,
  type DecodedAxisStatus,
  type DecodedPointingStatus,
} from './status-decoder.js';
