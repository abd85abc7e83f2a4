/** Frame bytes. */
export const SOH = 0x01;
export const STX = 0x02;
export const EOT = 0x04;

/** Reply codes. */
export const ReceiverCode = {
  ack: 0x00,
  unknownCommand: 0x01,
  checksum: 0x02,
  format: 0x03,
  data: 0x04,
  timeout: 0x05,
  address: 0x06,
  time: 0x07,
  frameSize: 0x08,
  dataType: 0x09,
  portType: 0x0a,
  portNumber: 0x0b,
  dataSize: 0x0c,
} as const;

/** The 15 commands; the extended form is `0x40 + n`, the abbreviated `0x60 + n`. */
export const ReceiverCommand = {
  inquiry: 1,
  reset: 2,
  version: 3,
  save: 4,
  restore: 5,
  getAddress: 6,
  setAddress: 7,
  getTime: 8,
  setTime: 9,
  getFrame: 10,
  setFrame: 11,
  getPort: 12,
  setPort: 13,
  getData: 14,
  setData: 15,
} as const;

export const EXTENDED_BASE = 0x40;
export const ABBREVIATED_BASE = 0x60;
/** Commands 1-6, 8 and 10 take no parameters. */
const NO_PARAMS = new Set([1, 2, 3, 4, 5, 6, 8, 10]);

export function isExtended(command: number): boolean {
  return command > EXTENDED_BASE && command <= EXTENDED_BASE + 15;
}
export function isAbbreviated(command: number): boolean {
  return command > ABBREVIATED_BASE && command <= ABBREVIATED_BASE + 15;
}
export function isAccepted(command: number): boolean {
  return isExtended(command) || isAbbreviated(command);
}
/** The command number (1-15) of an accepted command byte. */
export function commandNumber(command: number): number {
  return command & 0x1f;
}
export function takesParams(command: number): boolean {
  return isAccepted(command) && !NO_PARAMS.has(commandNumber(command));
}

export const SLAVE_BROADCAST_NO_ANSWER = 0x00;
export const SLAVE_BROADCAST_WITH_ANSWER = 0x7f;
export function isAcceptedSlaveAddress(address: number): boolean {
  return address >= 0x01 && address <= 0x7e;
}
export function isAcceptedFrameSize(size: number): boolean {
  return size >= 0x01 && size <= 0x7e;
}

export const DataType = { b01: 0x03, u08: 0x08, f32: 0x18 } as const;
export function isDataType(value: number): boolean {
  return (value >= 0x00 && value <= 0x1a) || (value >= 0x20 && value <= 0x39) || value === 0x40;
}

export const PortType = { dio: 0x04, ad24: 0x08 } as const;
export function isPortType(value: number): boolean {
  return (value >= 0x00 && value <= 0x08) || value === 0x40 || (value >= 0x7a && value <= 0x7f);
}

/** Port numbers 0-95 (0x00-0x5F) and the groups 0x60-0x75 (0-7, 8-15, ..., 0-95). */
export const PORT_GROUP_00_07 = 0x60;
export function isPortNumber(value: number): boolean {
  return value >= 0x00 && value <= 0x75;
}

/** The (dummy) firmware version every board reports. */
export const RECEIVER_VERSION = [0, 0, 0, 0, 0, 0, 0, 0] as const;
