export * from './format.js';
export * from './program.js';
