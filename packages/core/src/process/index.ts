export * from './exit-codes.js';
export * from './shutdown.js';
