// The wire vocabulary; the validity predicates stay internal to the receiver system.
export { ABBREVIATED_BASE, DataType, EOT, EXTENDED_BASE, PortType, ReceiverCode, ReceiverCommand, SOH, STX } from './definitions.js';
export { receiver, RECEIVER_ROWS } from './module.js';
export { type ReceiverBoard, ReceiverSystem, type ReceiverSystemOptions, xorChecksum } from './receiver-system.js';
export { Dewar } from './dewar.js';
export { Lna } from './lna.js';
export { Slave, type SlaveContext, type SlaveReply } from './slave.js';
export { Switch } from './switch.js';
