export { buildProgram, exitCodeFor, runCli, simulatorLogPath, type BuildProgramOptions, type CliIo } from './program.js';
export { startSet, type StartedSet, type StartOptions } from './start.js';
export { findRunning, quoteList } from './running.js';
export { describeOwner, endpointsOf, identify, probeTcp, sendStop, stopIfOurs, type Endpoint, type PortOwner } from './probe.js';
export { defaultStateDir, ensureStateDir, readStates, StateDirUnsafeError, StateFileWriter, type StateEntry, type StateFile } from './state-files.js';
export { ephemeralPortRange, ephemeralWarning } from './ephemeral.js';
