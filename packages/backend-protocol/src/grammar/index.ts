export * from './message.js';
export * from './parse.js';
export * from './serialise.js';
