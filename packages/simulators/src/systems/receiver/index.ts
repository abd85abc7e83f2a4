export * from './definitions.js';
export * from './module.js';
export * from './receiver-system.js';
export { Dewar } from './dewar.js';
export { Lna } from './lna.js';
export { Slave, type SlaveContext, type SlaveReply } from './slave.js';
export { Switch } from './switch.js';
