export * from './bits.js';
export * from './bytes.js';
export * from './time.js';
