import { ObservatoryError } from '@observatory/core';

/** A line that does not follow the grammar; `reason` is the text the server puts in its `invalid` reply. */
export class GrammarError extends ObservatoryError {
  readonly reason: string;

  constructor(reason: string) {
    // Expected on every bad line: a stack trace would only cost time.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('DISCOS_GRAMMAR_ERROR', reason);
    Error.stackTraceLimit = limit;
    this.reason = reason;
  }
}

/**
 * An expected failure inside a handler or backend: its message becomes the `fail` reply text
 * (`!name,fail,<message>`). Throw it (or a subclass) from `Backend` methods for a meaningful fail.
 */
export class HandlerError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions & { code?: string }) {
    // An expected outcome (its text is the reply), thrown on hot paths: skip the costly stack capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(options?.code ?? 'DISCOS_HANDLER_ERROR', message, options);
    Error.stackTraceLimit = limit;
  }
}

/** The peer broke the protocol (missing or malformed greeting, unparseable reply). */
export class ProtocolError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('DISCOS_PROTOCOL_ERROR', message, options);
  }
}

/** The backend answered `fail`; `message` is its text. */
export class BackendFailError extends ObservatoryError {
  constructor(
    readonly command: string,
    readonly text: string,
  ) {
    super('DISCOS_BACKEND_FAIL', text ? `${command} failed: ${text}` : `${command} failed`);
  }
}

/** The backend answered `invalid` (a syntax error on our side or a line it could not read). */
export class BackendInvalidError extends ObservatoryError {
  constructor(
    readonly command: string,
    readonly text: string,
  ) {
    super('DISCOS_BACKEND_INVALID', `${command} was rejected as invalid: ${text}`);
  }
}

/** The connection broke or fell out of step (a request timed out); pending requests are rejected with it. */
export class ConnectionLostError extends ObservatoryError {
  constructor(message = 'the connection to the backend was lost', options?: ErrorOptions) {
    super('DISCOS_CONNECTION_LOST', message, options);
  }
}

/** A protocol version this package does not serve. */
export class UnsupportedProtocolVersionError extends ObservatoryError {
  constructor(readonly version: string) {
    super('DISCOS_UNSUPPORTED_PROTOCOL_VERSION', `unsupported protocol version '${version}' (use 1.2, 1.3 or 1.4)`);
  }
}
