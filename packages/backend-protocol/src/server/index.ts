export * from './line-processor.js';
export * from './backend-server.js';
