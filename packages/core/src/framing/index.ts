export * from './framer.js';
export * from './delimiter-framer.js';
export * from './length-prefixed-framer.js';
export * from './fixed-length-framer.js';
export * from './byte-parser-framer.js';
export * from './raw-framer.js';
