export * from './constants.js';
export * from './messages.js';
export * from './stream-decoder.js';
export * from './connection.js';
export * from './pool.js';
