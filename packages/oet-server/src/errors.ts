import { ObservatoryError } from '@observatory/core';

/** One entry of a 422 answer, in the shape FastAPI/pydantic clients expect. */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
}

/** An error the REST layer answers with `status` and `{ "detail": … }`. */
export class OetError extends ObservatoryError {
  /** Extra response headers (`WWW-Authenticate`, `Retry-After`…). */
  readonly headers?: Record<string, string>;
  constructor(
    code: string,
    readonly status: number,
    readonly detail: string | ValidationIssue[],
    options?: ErrorOptions,
  ) {
    super(code, typeof detail === 'string' ? detail : detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '), options);
  }
}

export class ProcedureNotFoundError extends OetError {
  constructor(readonly pid: number) {
    super('OET_PROCEDURE_NOT_FOUND', 404, `No information available for PID=${pid}`);
  }
}

/** Illegal transition or a taken running slot (deliberate difference O-DIFF-1: 409). */
export class ProcedureConflictError extends OetError {
  constructor(message: string) {
    super('OET_PROCEDURE_CONFLICT', 409, message);
  }
}

export class ScriptValidationError extends OetError {
  constructor(issues: ValidationIssue[]) {
    super('OET_VALIDATION', 422, issues);
  }
}

/** A `file://` script outside every configured script root (deliberate difference O-DIFF-9). */
export class ScriptOutsideRootsError extends OetError {
  constructor(readonly path: string) {
    super('OET_SCRIPT_OUTSIDE_ROOTS', 403, `Script path ${path} is outside the allowed script roots`);
  }
}

export class AbortScriptNotFoundError extends OetError {
  constructor(readonly dir: string) {
    super('OET_ABORT_SCRIPT_NOT_FOUND', 500, `Abort script not found in ${dir}`);
  }
}

export class ServerClosingError extends OetError {
  constructor() {
    super('OET_SERVER_CLOSING', 503, 'The server is shutting down');
  }
}
