import { ObservatoryError } from '@observatory/core';

/**
 * A malformed or unsupported command (the reference's `ValueError`): bad length, checksum or command.
 * The framework logs it at debug level, sends nothing and keeps the connection.
 */
export class DeviceError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('DISCOS_SIM_DEVICE_ERROR', message, options);
  }
}

/** A module, type or option that does not exist (CLI usage errors map it to exit code 2). */
export class SimulatorConfigError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('DISCOS_SIM_CONFIG', message, options);
  }
}
