export * from './http-json-client.js';
export * from './sse-client.js';
export * from './host-allow-list.js';
export * from './json-nesting.js';
