export * from './handler.js';
export * from './backend.js';
export * from './debug-handlers.js';
export * from './protocol-handler.js';
export * from './simulator-backend.js';
