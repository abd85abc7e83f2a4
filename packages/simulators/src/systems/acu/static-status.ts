/** Lengths of the blocks the simulator keeps constant. */
export const GENERAL_STATUS_LENGTH = 25;
export const MOTOR_STATUS_LENGTH = 27;
export const FACILITY_STATUS_LENGTH = 16;

/**
 * General status: software version 1.0 (`00 01`), master 2 (host computer), HMI word with "remote computer
 * connected" and "remote initialization OK" (bits 1 and 5), no interlocks, diagnostic signal 0.
 */
export function writeGeneralStatus(view: DataView, offset: number): void {
  for (let i = 0; i < GENERAL_STATUS_LENGTH; i++) view.setUint8(offset + i, 0);
  view.setUint8(offset + 1, 1);
  view.setUint8(offset + 2, 2);
  view.setUint16(offset + 3, 0x22, true);
}

/** One motor: position/velocity/torque/utilization 0.0, active 1, speed of rotation OK 1, no warnings. */
export function writeMotorStatus(view: DataView, offset: number): void {
  for (let i = 0; i < MOTOR_STATUS_LENGTH; i++) view.setUint8(offset + i, 0);
  view.setUint8(offset + 16, 1);
  view.setUint8(offset + 18, 1);
}

/** Facility: phase-to-phase voltage and current, both 0.0. */
export function writeFacilityStatus(view: DataView, offset: number): void {
  for (let i = 0; i < FACILITY_STATUS_LENGTH; i++) view.setUint8(offset + i, 0);
}
