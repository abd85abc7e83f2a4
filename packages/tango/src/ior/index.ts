export * from './ior.js';
