// Public API of @observatory/tango (named exports only; see README).
export * from './errors/index.js';
export * from './cdr/index.js';
export * from './ior/index.js';
export * from './giop/index.js';
export * from './idl/index.js';
export * from './client/index.js';
export * from './events/index.js';
export * from './cli/index.js';
export * from './server/index.js';
export * from './database/index.js';
export * from './devices/index.js';
