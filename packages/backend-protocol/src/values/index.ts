export * from './python-number.js';
export * from './python-whitespace.js';
