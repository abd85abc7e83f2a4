// The `@ska/telescope-simulator/client` subpath: only the HTTP client and the shared types (no fastify).
export { TelescopeClient, createTelescopeClient, type TelescopeClientOptions } from './http/telescope-client.js';
export { errorFromHttp, type ErrorBody } from './http/error-mapping.js';
export {
  AttributeNotWritableError,
  BadRequestError,
  BodyTooLargeError,
  CommandNotAllowedError,
  CommandRejectedError,
  ControlDisabledError,
  HostNotAllowedError,
  InvalidArgumentError,
  InvalidBodyError,
  NotFoundError,
  SimulatorClosedError,
  StateWaitTimeoutError,
  SutUnavailableError,
  TelsimError,
  TelsimErrorCode,
  UnknownAttributeError,
  UnknownCommandError,
  UnknownDeviceError,
  UnknownFaultError,
  UnsupportedMediaTypeError,
  UnwantedStateError,
  hasTelsimCode,
} from './errors.js';
export type {
  ActiveFault,
  AttrEvent,
  AttrEventListener,
  AttrReading,
  CommandLogEntry,
  CommandResult,
  Delays,
  DeviceAccess,
  FaultKind,
  FaultSpec,
  ReadOptions,
  SimulatorControl,
  SimulatorState,
  Skews,
  SubarrayState,
  Subsystem,
  Telescope,
  TelescopeAccess,
  TelescopeSimulatorOptions,
  Unsubscribe,
} from './types.js';
export { commandAndWait, type CommandAndWaitOptions } from './command-and-wait.js';
export { telescopeNames, receptorName, type TelescopeNames } from './model/names.js';
export { OBS_STATES, OBS_STATE_VALUES, type ObsState } from './model/obs-state.js';
