/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@ska/skallop';

// What users need: the fixtures, the context objects, event waiting, the EntryPoint contract with its
// implementations and helpers for writing your own, and the typed errors. Internals (readiness and wait
// plumbing, value formatting, the event table) stay private.
export {
  ContextProtocolError,
  EarlyStopError,
  NotImplementedError,
  PollingModeError,
  ScanNotCompletedError,
  StackClosedError,
  SutNotReadyError,
  SutUnavailableError,
  TeardownError,
  TransitOrderError,
  UnexpectedStateError,
  WaitTimeoutError,
  type DeviceStateReport,
} from './errors.js';
export { systemClock, type Clock, type TimeoutClock } from '@observatory/core';
export { ExecSettings, type ExecSettingsInit } from './env/exec-settings.js';
export { readDisableMaintainOn, resolveExecEnv, type ExecEnv, type ReadinessScopeItem, type ResolveExecEnvOptions, type SkallopOptions } from './env/exec-env.js';
export { resolveTelescopeType, type TelescopeType, type TelescopeTypeResult } from './env/telescope-type.js';
export { TeardownStack, type ExitInfo, type Handle, type Undo } from './stack/teardown-stack.js';
export { type ContextManager, type EnterExit } from './stack/context-manager.js';
export { StackableContext } from './stack/stackable-context.js';
export { type EventPredicate, type ToBeOptions } from './wait/conditions.js';
export { type RecordedEvent } from './wait/recorded-event.js';
export { TransitChecker, type TransitPathItem, type TransitValue } from './wait/transit-checker.js';
export { AttrConditions, PendingWait, WaitBuilder, waitBuilder, type EventSource, type WaitBuilderOptions, type WaitOptions, type WaitResult } from './wait/wait-builder.js';
export { type AttrEvent, type AttrReading, type EntryPoint, type WaitRules, type WaitTarget } from './sut/entry-point.js';
export { type DeviceAccess } from './sut/device-access.js';
export { telescopeNames, type TelescopeNames, type TelescopeNamesOptions } from './sut/telescope-names.js';
export {
  STANDARD_COMPOSITION,
  STANDARD_CONFIGURATION,
  assignResourcesJson,
  configureJson,
  idsFor,
  newSbConfig,
  scanJson,
  type Composition,
  type SbConfig,
  type ScanConfiguration,
} from './sut/compositions.js';
export { DEV_STATES, OBS_STATES, type ObsState } from './sut/values.js';
export { defaultWaitRules } from './sut/wait-rules.js';
export { pollingSubscribe, type PollingOptions } from './sut/polling-subscription.js';
export { TmcEntryPoint, type TmcEntryPointOptions } from './sut/tmc-entry-point.js';
export { simulatorEntryPoint, type SimulatorAccess, type SimulatorEntryPointOptions } from './sut/simulator-entry-point.js';
export { defaultEntryPoint, httpEntryPoint, inProcessEntryPoint, type HttpEntryPointOptions } from './sut/default-entry-point.js';
export {
  LongRunningCommandError,
  LongRunningCommandTimeoutError,
  LrcDeviceAccess,
  tangoEntryPoint,
  type LrcResult,
  type TangoEntryPointOptions,
} from './sut/tango-entry-point.js';
export { type SkallopRuntime } from './context/runtime.js';
export { recoverSubarray } from './context/recovery.js';
export { TelescopeContext } from './context/telescope-context.js';
export { createTelescopeContext, type CreateTelescopeContextOptions } from './context/create-telescope-context.js';
export { SubarrayContext } from './context/subarray-context.js';
export { type SubarrayOwner } from './context/subarray-owner.js';
export { type fxtTypes, type SkallopFixtures, type SubarrayAllocationSpec, type SubarrayConfigurationSpec, type SubarrayFactoryOptions } from './fixtures/fixture-types.js';
export { test, withSkallop, type SkallopTest, type WithSkallopOptions } from './fixtures/with-skallop.js';
