import { OetError } from '../errors.js';

/** `GET /activities/{id}` for an unknown id: OET 7's dict-shaped detail. */
export class ActivityNotFoundError extends OetError {
  readonly body: { detail: { type: string; Message: string } };
  constructor(readonly activityId: number) {
    super('OET_ACTIVITY_NOT_FOUND', 404, `No information available for ID=${activityId}`);
    this.body = { detail: { type: 'ResourceNotFound', Message: `No information available for ID=${activityId}` } };
  }
}

/** The SBD has no such activity (a Decision: OET answers 500 with the KeyError text). */
export class ActivityNotInSbdError extends OetError {
  constructor(
    readonly activityName: string,
    readonly sbdId: string,
  ) {
    super('OET_ACTIVITY_NOT_IN_SBD', 422, `Activity '${activityName}' not present in the SBDefinition ${sbdId}`);
  }
}

/** Running the activity now would need a subarray another procedure is RUNNING on (OET would fail it silently after the 201). */
export class ActivityConflictError extends OetError {
  constructor(message: string) {
    super('OET_ACTIVITY_CONFLICT', 409, message);
  }
}

/** Activities need an ODA; this server has none configured. */
export class OdaNotConfiguredError extends OetError {
  constructor() {
    super('OET_ODA_NOT_CONFIGURED', 503, 'No ODA is configured on this server (set ODA_BACKEND_TYPE and ODA_DATA_DIR or POSTGRES_*)');
  }
}
