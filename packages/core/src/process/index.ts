export * from './exit-codes.js';
export * from './shutdown.js';
export * from './package-version.js';
