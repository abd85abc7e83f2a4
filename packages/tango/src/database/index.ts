export * from './db-store.js';
export * from './db-commands.js';
export * from './database-server.js';
