export * from './observatory-error.js';
export * from './core-errors.js';
