export * from './names.js';
export * from './invoke.js';
export * from './attribute-data.js';
export * from './database.js';
export * from './device-proxy.js';
export * from './tango-client.js';
