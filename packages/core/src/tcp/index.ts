export * from './tcp-connection.js';
export * from './tcp-server.js';
export * from './tcp-client.js';
export * from './listen.js';
