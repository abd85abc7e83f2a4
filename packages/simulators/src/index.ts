export {
  Broadcaster,
  ByteAccumulator,
  type Clock,
  type ClockOptions,
  createClock,
  crlfLineParser,
  type CrLfLineParserOptions,
  type CustomCommand,
  type CustomCommandResult,
  DeviceError,
  headedCommandParser,
  type HeadedCommandParserOptions,
  LatestSink,
  lineParser,
  type LineParserOptions,
  LogLimiter,
  type LogLimiterOptions,
  ManualClock,
  type MultiTypeDefinition,
  multiTypeSystem,
  type Parser,
  type ParseResult,
  RunningSimulator,
  type ServerRow,
  SimulatorConfigError,
  type SimulatorModule,
  type Sink,
  startSimulator,
  type StartSimulatorOptions,
  type System,
  systemClock,
  type SystemContext,
  type SystemFactory,
  type TimerHandle,
} from './framework/index.js';
// These three are explicit lists themselves: each public name is listed once, there.
export * from './utils/index.js';
export { getMultitypeSystems, getSimulatorModule, listSimulators, simulatorModules } from './systems/registry.js';
export * from './systems/modules.js';
export * from './systems/binary-modules.js';
export {
  buildProgram,
  type BuildProgramOptions,
  type CliIo,
  defaultStateDir,
  ephemeralWarning,
  exitCodeFor,
  identify,
  runCli,
  simulatorLogPath,
  type StartedSet,
  type StartOptions,
  startSet,
  StateDirUnsafeError,
  StateFileWriter,
} from './cli/index.js';

/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@discos/simulators';
