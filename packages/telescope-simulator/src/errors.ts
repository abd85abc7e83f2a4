import { ObservatoryError } from '@observatory/core';

/** Every error code this package throws (stable; callers branch on them). */
export const TelsimErrorCode = {
  CommandNotAllowed: 'TELSIM_COMMAND_NOT_ALLOWED',
  InvalidArgument: 'TELSIM_INVALID_ARGUMENT',
  UnknownDevice: 'TELSIM_UNKNOWN_DEVICE',
  UnknownAttribute: 'TELSIM_UNKNOWN_ATTRIBUTE',
  UnknownCommand: 'TELSIM_UNKNOWN_COMMAND',
  AttributeNotWritable: 'TELSIM_ATTRIBUTE_NOT_WRITABLE',
  CommandRejected: 'TELSIM_COMMAND_REJECTED',
  UnknownFault: 'TELSIM_UNKNOWN_FAULT',
  ControlDisabled: 'TELSIM_CONTROL_DISABLED',
  BadRequest: 'TELSIM_BAD_REQUEST',
  NotFound: 'TELSIM_NOT_FOUND',
  SutUnavailable: 'TELSIM_SUT_UNAVAILABLE',
  Closed: 'TELSIM_CLOSED',
  HostNotAllowed: 'TELSIM_HOST_NOT_ALLOWED',
  UnsupportedMediaType: 'TELSIM_UNSUPPORTED_MEDIA_TYPE',
  InvalidBody: 'TELSIM_INVALID_BODY',
  BodyTooLarge: 'TELSIM_BODY_TOO_LARGE',
  StateWaitTimeout: 'TELSIM_STATE_WAIT_TIMEOUT',
  UnwantedState: 'TELSIM_UNWANTED_STATE',
  RecordingTimeout: 'TELSIM_RECORDING_TIMEOUT',
} as const;

export type TelsimErrorCode = (typeof TelsimErrorCode)[keyof typeof TelsimErrorCode];

/** The base of this package's errors; `code` is one of {@link TelsimErrorCode}. */
export class TelsimError extends ObservatoryError {
  declare readonly code: TelsimErrorCode;
  constructor(code: TelsimErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** The command is not allowed in the device's current state (Tango's CommandNotAllowed); nothing changed. */
export class CommandNotAllowedError extends TelsimError {
  constructor(
    readonly device: string,
    readonly command: string,
    readonly state: string,
    reason?: string,
  ) {
    super(TelsimErrorCode.CommandNotAllowed, `${command} is not allowed on ${device} in state ${state}${reason ? ` (${reason})` : ''}`);
  }
}

/** A command argument or attribute value is malformed, inconsistent or names a resource in use. */
export class InvalidArgumentError extends TelsimError {
  constructor(message: string, options?: ErrorOptions) {
    super(TelsimErrorCode.InvalidArgument, message, options);
  }
}

export class UnknownDeviceError extends TelsimError {
  constructor(readonly device: string) {
    super(TelsimErrorCode.UnknownDevice, `unknown device ${device}`);
  }
}

export class UnknownAttributeError extends TelsimError {
  constructor(
    readonly device: string,
    readonly attr: string,
  ) {
    super(TelsimErrorCode.UnknownAttribute, `device ${device} has no attribute ${attr}`);
  }
}

export class UnknownCommandError extends TelsimError {
  constructor(
    readonly device: string,
    readonly command: string,
  ) {
    super(TelsimErrorCode.UnknownCommand, `device ${device} has no command ${command}`);
  }
}

export class AttributeNotWritableError extends TelsimError {
  constructor(
    readonly device: string,
    readonly attr: string,
  ) {
    super(TelsimErrorCode.AttributeNotWritable, `attribute ${attr} of ${device} is not writable`);
  }
}

/** An injected `reject` fault refused the command; nothing changed. */
export class CommandRejectedError extends TelsimError {
  constructor(
    readonly device: string,
    readonly command: string,
  ) {
    super(TelsimErrorCode.CommandRejected, `${device} rejected ${command} (injected fault)`);
  }
}

export class UnknownFaultError extends TelsimError {
  constructor(readonly id: string) {
    super(TelsimErrorCode.UnknownFault, `no injected fault with id ${id}`);
  }
}

/** The control endpoints (reset, faults, delays) are disabled on this server (`--no-control`). */
export class ControlDisabledError extends TelsimError {
  constructor() {
    super(TelsimErrorCode.ControlDisabled, 'control endpoints are disabled on this server');
  }
}

/** A malformed HTTP request (schema validation failed). */
export class BadRequestError extends TelsimError {
  constructor(message: string) {
    super(TelsimErrorCode.BadRequest, message);
  }
}

/** The request's `Host` is not an allowed name (DNS rebinding protection); answered 421. */
export class HostNotAllowedError extends TelsimError {
  constructor(readonly host: string) {
    super(
      TelsimErrorCode.HostNotAllowed,
      `Host ${JSON.stringify(host.slice(0, 256))} is not allowed; allow it with --allowed-host or TELSIM_ALLOWED_HOSTS`,
    );
  }
}

/** A state-changing request without a JSON body type (a web page's form or `text/plain` post); answered 415. */
export class UnsupportedMediaTypeError extends TelsimError {
  constructor(contentType: string | undefined) {
    super(
      TelsimErrorCode.UnsupportedMediaType,
      contentType ? `Content-Type ${JSON.stringify(contentType.slice(0, 128))} is not supported; send application/json` : 'a JSON body (Content-Type: application/json) is required',
    );
  }
}

/** A body that is not JSON, or nests deeper than the limit; answered 422. */
export class InvalidBodyError extends TelsimError {
  constructor(message: string, options?: ErrorOptions) {
    super(TelsimErrorCode.InvalidBody, message, options);
  }
}

/** A body over the size limit; answered 413. */
export class BodyTooLargeError extends TelsimError {
  constructor(limit: number) {
    super(TelsimErrorCode.BodyTooLarge, `the request body exceeds ${limit} bytes`);
  }
}

/** No such HTTP route. */
export class NotFoundError extends TelsimError {
  constructor(method: string, url: string) {
    super(TelsimErrorCode.NotFound, `no route ${method} ${url}`);
  }
}

/** The simulator cannot be reached (HTTP client: refused, timed out, stream failed). */
export class SutUnavailableError extends TelsimError {
  constructor(message: string, options?: ErrorOptions) {
    super(TelsimErrorCode.SutUnavailable, message, options);
  }
}

/** The simulator or client was closed. */
export class SimulatorClosedError extends TelsimError {
  constructor(what = 'the telescope simulator') {
    super(TelsimErrorCode.Closed, `${what} is closed`);
  }
}

/** True when `err` is one of this package's errors. */
export function hasTelsimCode(err: unknown): err is TelsimError {
  return err instanceof TelsimError;
}

/** `commandAndWait`: the watched attribute did not reach its target within the deadline. */
export class StateWaitTimeoutError extends TelsimError {
  constructor(
    readonly device: string,
    readonly attr: string,
    readonly target: unknown,
    readonly timeoutMs: number,
    command?: string,
  ) {
    super(TelsimErrorCode.StateWaitTimeout, `${command ? `${command}: ` : ''}${device} did not reach ${attr} ${String(target)} within ${timeoutMs} ms`);
  }
}

/** `commandAndWait`: the watched attribute changed to a value the wait fails on (e.g. FAULT). */
export class UnwantedStateError extends TelsimError {
  constructor(
    readonly device: string,
    readonly attr: string,
    readonly value: unknown,
    command?: string,
  ) {
    super(TelsimErrorCode.UnwantedState, `${device} went to ${String(value)}${command ? ` during ${command}` : ''}`);
  }
}
