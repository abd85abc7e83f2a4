/**
 * `@ska/telescope-simulator/tango`: the simulated telescope served as Tango devices under their SKA names
 * (`ska_mid/tm_central/central_node`, `ska_mid/tm_subarray_node/1`, ...), over the same simulator the
 * HTTP+SSE adapter serves. PyTango, itango and `@observatory/tango` clients drive it like SKA's devices.
 *
 * @example
 * ```ts
 * import { createTelescopeSimulator } from '@ska/telescope-simulator';
 * import { serveTelescopeOnTango } from '@ska/telescope-simulator/tango';
 *
 * const sim = createTelescopeSimulator({ telescope: 'mid' });
 * const tango = await serveTelescopeOnTango({ simulator: sim }); // database-less; tangoHost for a database
 * console.log(tango.deviceUrl(sim.names.centralNode)); // tango://127.0.0.1:PORT/ska_mid/tm_central/central_node#dbase=no
 * await tango.close();
 * await sim.close();
 * ```
 * @module
 */
export { TANGO_EXECUTABLE, TelescopeTangoServer, serveTelescopeOnTango, type TelescopeTangoServerOptions } from './tango/telescope-tango-server.js';
export { deviceKind, telescopeDeviceClass, toTangoValue, type AttributeMemory, type DeviceKind, type TelescopeDeviceClassOptions } from './tango/device-classes.js';
export { LRC_ATTRIBUTES, LrcTracker, type Completion, type LrcAttributes } from './tango/lrc-tracker.js';
export { ResultCode, SKA_ENUM_LABELS, enumIndex, isSkaEnumAttribute, type SkaEnumAttribute, type TaskStatus } from './tango/ska-enums.js';
export { toDeviceError } from './tango/errors-to-tango.js';
export { TangoTelescopeClient, createTangoTelescopeClient, type TangoTelescopeClientOptions } from './tango/tango-telescope-client.js';
