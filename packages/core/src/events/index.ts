export * from './replay-buffer.js';
