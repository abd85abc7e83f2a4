export * from './env.js';
export * from './ini-config.js';
