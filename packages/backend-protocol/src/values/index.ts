export * from './python-number.js';
