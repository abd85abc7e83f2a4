import { ObservatoryError } from './observatory-error.js';

export class FrameTooLongError extends ObservatoryError {
  constructor(readonly limit: number) {
    super('CORE_FRAME_TOO_LONG', `frame exceeds ${limit} bytes`);
  }
}

export class ConnectionTimeoutError extends ObservatoryError {
  constructor(readonly host: string, readonly port: number, readonly timeoutMs: number) {
    super('CORE_CONNECTION_TIMEOUT', `could not connect to ${host}:${port} within ${timeoutMs} ms`);
  }
}

export class ConnectionRefusedError extends ObservatoryError {
  constructor(readonly host: string, readonly port: number, options?: ErrorOptions) {
    super('CORE_CONNECTION_REFUSED', `connection to ${host}:${port} refused`, options);
  }
}

export class RequestTimeoutError extends ObservatoryError {
  constructor(readonly timeoutMs: number) {
    super('CORE_REQUEST_TIMEOUT', `no reply within ${timeoutMs} ms`);
  }
}

export class ClientClosedError extends ObservatoryError {
  constructor() {
    super('CORE_CLIENT_CLOSED', 'the client was closed');
  }
}

export class ConnectionClosedError extends ObservatoryError {
  constructor(message = 'the connection was closed by the peer', options?: ErrorOptions) {
    super('CORE_CONNECTION_CLOSED', message, options);
  }
}

export class NotConnectedError extends ObservatoryError {
  constructor() {
    super('CORE_NOT_CONNECTED', 'the client is not connected');
  }
}

export class IdleTimeoutError extends ObservatoryError {
  constructor(readonly idleMs: number) {
    super('CORE_IDLE_TIMEOUT', `connection idle for ${idleMs} ms`);
  }
}

export class AddressInUseError extends ObservatoryError {
  constructor(readonly host: string, readonly port: number, options?: ErrorOptions) {
    super('CORE_ADDRESS_IN_USE', `address ${host}:${port} is already in use`, options);
  }
}

export class DatagramTooLargeError extends ObservatoryError {
  constructor(readonly size: number, readonly limit: number) {
    super('CORE_DATAGRAM_TOO_LARGE', `datagram of ${size} bytes exceeds ${limit} bytes`);
  }
}

export class ConfigError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('CORE_CONFIG_INVALID', message, options);
  }
}

/** An HTTP response outside 2xx. `detail` is the server's `detail`/`message` field when it sent JSON. */
export class HttpError extends ObservatoryError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly body: unknown,
    readonly detail: string | undefined,
  ) {
    super('CORE_HTTP_ERROR', `${method} ${url} failed with ${status}${detail ? `: ${detail}` : ''}`);
  }
}

/** The HTTP server could not be reached at all (refused, DNS, reset before a response). */
export class HttpUnreachableError extends ObservatoryError {
  constructor(readonly url: string, options?: ErrorOptions) {
    super('CORE_HTTP_UNREACHABLE', `cannot reach ${url}`, options);
  }
}

export class HttpTimeoutError extends ObservatoryError {
  constructor(readonly url: string, readonly timeoutMs: number, options?: ErrorOptions) {
    super('CORE_HTTP_TIMEOUT', `no response from ${url} within ${timeoutMs} ms`, options);
  }
}

export class InvalidResponseError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('CORE_INVALID_RESPONSE', message, options);
  }
}
