import { OetError } from '../errors.js';

export class SbdNotFoundError extends OetError {
  constructor(readonly sbdId: string) {
    super('OET_ODA_SBD_NOT_FOUND', 404, `SBDefinition ${sbdId} not found in the ODA`);
  }
}

export class SbiNotFoundError extends OetError {
  constructor(readonly sbiId: string) {
    super('OET_ODA_SBI_NOT_FOUND', 404, `SBInstance ${sbiId} not found in the ODA`);
  }
}

/** An SBDefinition that is not valid JSON or lacks a field the OET needs; `where` names the file or row. */
export class InvalidSbdError extends OetError {
  constructor(
    readonly where: string,
    readonly field: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super('OET_ODA_INVALID_SBD', 422, `Invalid SBDefinition ${where}: ${field ? `${field} ` : ''}${problem}`, options);
  }
}

/** An id that cannot name an ODA entity (ids become file names, so they are confined to a safe alphabet). */
export class InvalidOdaIdError extends OetError {
  constructor(readonly id: string) {
    super('OET_ODA_INVALID_ID', 422, `Invalid ODA id ${JSON.stringify(id.slice(0, 80))}: use letters, digits, '.', '_' and '-' (at most 128)`);
  }
}

/** The ODA backend failed (database down, disk full…). */
export class OdaUnavailableError extends OetError {
  constructor(message: string, options?: ErrorOptions) {
    super('OET_ODA_UNAVAILABLE', 503, `The ODA is unavailable: ${message}`, options);
  }
}
