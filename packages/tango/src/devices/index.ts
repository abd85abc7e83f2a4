export * from './tango-test.js';
