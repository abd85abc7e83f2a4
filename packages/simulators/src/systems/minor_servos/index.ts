export * from './minor-servos-system.js';
export * from './module.js';
export * from './servo.js';
export * from './setup-table.js';
