export * from './enums.js';
export * from './structs.js';
export * from './command-any.js';
export * from './operations.js';
export * from './events.js';
