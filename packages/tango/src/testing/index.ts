export * from './processes.js';
export * from './tango-test.js';
export * from './pytango.js';
export * from './tango-database.js';
