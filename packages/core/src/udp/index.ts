export * from './udp-server.js';
export * from './udp-client.js';
