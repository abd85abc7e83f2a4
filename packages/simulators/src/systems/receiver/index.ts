export * from './definitions.js';
export * from './module.js';
export * from './receiver-system.js';
export * from './slaves.js';
