export { buildProgram, exitCodeFor, runCli, simulatorLogPath, type BuildProgramOptions, type CliIo } from './program.js';
export { startSet, type StartedSet, type StartOptions } from './start.js';
export { findRunning, quoteList } from './running.js';
export { endpointsOf, probeTcp, sendStop, type Endpoint } from './probe.js';
export { defaultStateDir, readStates, StateFileWriter, type StateEntry, type StateFile } from './state-files.js';
