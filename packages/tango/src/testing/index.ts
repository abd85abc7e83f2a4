// The ./testing entry: start real Tango components (cppTango TangoTest, MariaDB + DataBaseds) and PyTango
// helpers for users' own interop tests. Published, so it cannot lean on the private test-utils package.
export { freePort, startProcess, type StartedProcess, TANGO_BINARIES, tangoAvailability } from './processes.js';
export { startTangoTest, type TangoTestOptions, type TangoTestServer } from './tango-test.js';
export { runPyTango } from './pytango.js';
export { startTangoDatabase, type TangoDatabase } from './tango-database.js';
