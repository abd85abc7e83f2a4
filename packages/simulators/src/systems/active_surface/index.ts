export * from './command-library.js';
export * from './line-system.js';
export * from './module.js';
export * from './protocol.js';
export * from './usd.js';
