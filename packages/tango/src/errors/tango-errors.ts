import { ObservatoryError } from '@observatory/core';

/** One entry of a Tango error stack (IDL `DevError`). */
export interface DevError {
  reason: string;
  severity: 'WARN' | 'ERR' | 'PANIC';
  desc: string;
  origin: string;
}

/** Per-attribute error list of a `MultiDevFailed` (IDL `NamedDevError`). */
export interface NamedDevError {
  name: string;
  index_in_call: number;
  err_list: DevError[];
}

/**
 * Base of every Tango error. `errors` is the DevError stack when the server sent one (empty otherwise);
 * `reason` is the first DevError's reason, the stable Tango error name callers usually branch on.
 */
export class TangoError extends ObservatoryError {
  readonly errors: DevError[];

  constructor(code: string, message: string, errors: DevError[] = [], options?: ErrorOptions) {
    super(code, message, options);
    this.errors = errors;
  }

  get reason(): string | undefined {
    return this.errors[0]?.reason;
  }
}

/** The server raised `Tango::DevFailed`. */
export class DevFailedError extends TangoError {
  constructor(errors: DevError[], options?: ErrorOptions) {
    const first = errors[0];
    super('TANGO_DEV_FAILED', first ? `${first.reason}: ${first.desc}` : 'DevFailed with an empty error stack', errors, options);
  }
}

/** The server raised `Tango::MultiDevFailed` (a write of several attributes): one error list per failed attribute. */
export class MultiDevFailedError extends TangoError {
  constructor(
    readonly failures: NamedDevError[],
    options?: ErrorOptions,
  ) {
    const first = failures[0];
    const head = first?.err_list[0];
    super(
      'TANGO_MULTI_DEV_FAILED',
      first ? `${first.name}: ${head ? `${head.reason}: ${head.desc}` : 'failed'}` : 'MultiDevFailed with no entries',
      first?.err_list ?? [],
      options,
    );
  }
}

export type CompletionStatus = 'COMPLETED_YES' | 'COMPLETED_NO' | 'COMPLETED_MAYBE';

/** A CORBA system exception (`IDL:omg.org/CORBA/<NAME>:1.0`), e.g. OBJECT_NOT_EXIST for a stale object key. */
export class CorbaSystemError extends TangoError {
  /** The short exception name, e.g. `OBJECT_NOT_EXIST`. */
  readonly exceptionName: string;

  constructor(
    readonly repositoryId: string,
    readonly minor: number,
    readonly completed: CompletionStatus,
    options?: ErrorOptions,
  ) {
    const name = /^IDL:omg\.org\/CORBA\/([A-Za-z_]+):/.exec(repositoryId)?.[1] ?? repositoryId;
    super('TANGO_CORBA_SYSTEM', `CORBA system exception ${name} (minor 0x${minor.toString(16)}, ${completed})`, [], options);
    this.exceptionName = name;
  }
}

/** A call got no reply within its timeout (Tango's `API_DeviceTimedOut`). */
export class TangoTimeoutError extends TangoError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    const desc = `Timeout (${timeoutMs} mS) exceeded on device ${target}`;
    super('TANGO_TIMEOUT', desc, [{ reason: 'API_DeviceTimedOut', severity: 'ERR', desc, origin: 'TangoClient' }]);
  }
}

/** The server could not be reached, or the connection broke while calls were in flight. */
export class TangoConnectionError extends TangoError {
  constructor(
    readonly target: string,
    message: string,
    options?: ErrorOptions & { reason?: string; retryable?: boolean },
  ) {
    const reason = options?.reason ?? 'API_CantConnectToDevice';
    super('TANGO_CONNECTION', message, [{ reason, severity: 'ERR', desc: message, origin: 'TangoClient' }], options);
    this.retryable = options?.retryable ?? false;
  }

  /** True when the request was never processed (connection closed before it was sent or by CloseConnection). */
  readonly retryable: boolean;
}

/** Bytes that are not valid CDR/GIOP for what was expected (truncation, bad lengths, unknown enum values). */
export class CdrDecodeError extends TangoError {
  constructor(message: string, readonly offset?: number) {
    super('TANGO_DECODE', offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

/** A value cannot be encoded (wrong type, out of range, a character above U+00FF). */
export class CdrEncodeError extends TangoError {
  constructor(message: string) {
    super('TANGO_ENCODE', message);
  }
}

/** A GIOP-level protocol violation (bad magic/version, oversize message, unexpected message type). */
export class GiopProtocolError extends TangoError {
  constructor(message: string) {
    super('TANGO_PROTOCOL', message);
  }
}

/** A device/attribute name or TANGO_HOST that cannot be parsed or resolved. */
export class TangoNameError extends TangoError {
  constructor(message: string) {
    super('TANGO_NAME_INVALID', message);
  }
}

/** The client (proxy, pool, subscriber) was closed. */
export class TangoClosedError extends TangoError {
  constructor(what = 'client') {
    super('TANGO_CLOSED', `the Tango ${what} was closed`);
  }
}

/** A value given by the caller does not fit the attribute or command type. */
export class TangoValueError extends TangoError {
  constructor(message: string) {
    super('TANGO_VALUE_INVALID', message);
  }
}
