/** Base of the typed errors test helpers throw; tests branch on `code`. */
export class TestUtilsError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A wait passed its deadline; the message names what was awaited and what was seen. */
export class WaitTimeoutError extends TestUtilsError {
  constructor(readonly what: string, readonly timeoutMs: number, detail = '', options?: ErrorOptions) {
    super('TEST_WAIT_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; ${detail}` : ''}`, options);
  }
}

/** The peer closed the connection (or the process exited) before what was awaited arrived. */
export class EndedBeforeError extends TestUtilsError {
  constructor(readonly what: string, detail = '') {
    super('TEST_ENDED_BEFORE', `ended before ${what}${detail ? `; ${detail}` : ''}`);
  }
}
