import { ObservatoryError } from '@observatory/core';

/** The command line was wrong (exit code 2). */
export class OetUsageError extends ObservatoryError {
  constructor(message: string) {
    super('OET_CLI_USAGE', message);
  }
}

/** No procedure fits a command's default (`No procedures to start`). */
export class NoProcedureError extends ObservatoryError {
  constructor(message: string) {
    super('OET_CLI_NO_PROCEDURE', message);
  }
}

/** The chosen procedure is in a state that does not allow the command. */
export class ProcedureStateError extends ObservatoryError {
  constructor(
    readonly pid: number,
    readonly state: string,
    message = `Cannot start a procedure in state ${state}.`,
  ) {
    super('OET_CLI_PROCEDURE_STATE', message);
  }
}

/** A procedure the CLI listened to ended in a state other than COMPLETE (exit code 1). */
export class ProcedureNotCompleteError extends ObservatoryError {
  constructor(
    readonly pid: number,
    readonly state: string,
  ) {
    super('OET_CLI_PROCEDURE_NOT_COMPLETE', `Procedure ${pid} ended in state ${state}`);
  }
}

/** The server answered 501 for `/activities`. */
export class ActivitiesUnsupportedError extends ObservatoryError {
  constructor(message = 'Activities are not supported by this server', options?: ErrorOptions) {
    super('OET_CLI_ACTIVITIES_UNSUPPORTED', message, options);
  }
}

/** Several procedures are RUNNING and the user did not say which one to stop (exit code 2). */
export class AmbiguousProcedureError extends ObservatoryError {
  constructor(readonly pids: number[]) {
    super(
      'OET_CLI_AMBIGUOUS_PROCEDURE',
      `WARNING: More than one procedure is running (${pids.join(', ')}). Specify the ID of the procedure to stop with --pid.`,
    );
  }
}
