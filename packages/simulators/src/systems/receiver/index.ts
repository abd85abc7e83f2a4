export {
  ABBREVIATED_BASE,
  commandNumber,
  DataType,
  EOT,
  EXTENDED_BASE,
  isAbbreviated,
  isAccepted,
  isAcceptedFrameSize,
  isAcceptedSlaveAddress,
  isDataType,
  isExtended,
  isPortNumber,
  isPortType,
  PORT_GROUP_00_07,
  PortType,
  RECEIVER_VERSION,
  ReceiverCode,
  ReceiverCommand,
  SLAVE_BROADCAST_NO_ANSWER,
  SLAVE_BROADCAST_WITH_ANSWER,
  SOH,
  STX,
  takesParams,
} from './definitions.js';
export { receiver, RECEIVER_ROWS } from './module.js';
export { type ReceiverBoard, ReceiverSystem, type ReceiverSystemOptions, xorChecksum } from './receiver-system.js';
export { Dewar } from './dewar.js';
export { Lna } from './lna.js';
export { Slave, type SlaveContext, type SlaveReply } from './slave.js';
export { Switch } from './switch.js';
