export * from './reader.js';
export * from './writer.js';
export * from './typecode.js';
export * from './any.js';
