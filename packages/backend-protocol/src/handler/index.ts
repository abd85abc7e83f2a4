export type { Handler } from './handler.js';
export type { Backend, BackendResult, IntArg, MaybePromise, Unchanged } from './backend.js';
export { AlwaysFailHandler, AlwaysOkHandler, AlwaysRaiseHandler } from './debug-handlers.js';
export { BackendProtocolHandler, type BackendProtocolHandlerOptions } from './protocol-handler.js';
export { type SectionSettings, SimulatorBackend, type SimulatorBackendOptions } from './simulator-backend.js';
