export * from './long-timeout.js';
