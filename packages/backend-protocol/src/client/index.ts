export * from './backend-client.js';
