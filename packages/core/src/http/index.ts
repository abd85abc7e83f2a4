export * from './http-json-client.js';
export * from './sse-client.js';
export * from './host-allow-list.js';
export * from './json-nesting.js';
export * from './listen-http.js';
export * from './error-status.js';
