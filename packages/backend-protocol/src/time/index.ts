export * from './discos-time.js';
