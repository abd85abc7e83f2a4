export * from './http-json-client.js';
export * from './sse-client.js';
