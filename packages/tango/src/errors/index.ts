export * from './tango-errors.js';
