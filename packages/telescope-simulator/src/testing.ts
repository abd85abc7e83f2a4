/**
 * `@ska/telescope-simulator/testing`: the harness matrix this package and skallop test themselves with, for
 * testing your own observing scripts the same way. Start the simulator in process, over HTTP (SSE events or
 * polling) or over Tango (events or polling), and run one test body against each. No test runner is imported.
 *
 * @example
 * ```ts
 * import { TELESCOPE_HARNESS_MODES, startTelescopeHarness } from '@ska/telescope-simulator/testing';
 *
 * for (const mode of TELESCOPE_HARNESS_MODES) {
 *   await using h = await startTelescopeHarness(mode, { simulator: { telescope: 'low' } });
 *   await h.access.command(h.access.names.centralNode, 'TelescopeOn');
 * }
 * ```
 * @module
 */
export { NODE_SUT_MODES, TELESCOPE_SUT_MODES, startTelescopeSut, type TelescopeSut, type TelescopeSutMode, type TelescopeSutOptions } from './testing/sut.js';
export { TELESCOPE_HARNESS_MODES, startTelescopeHarness, type TelescopeHarness, type TelescopeHarnessMode, type TelescopeHarnessOptions } from './testing/harness.js';
export { RecordingTimeoutError, recordAttribute, type AttributeRecording } from './testing/record.js';
