export { hasErrorCode, ObservatoryError } from './observatory-error.js';
export {
  AddressInUseError,
  ClientClosedError,
  ConfigError,
  ConnectionClosedError,
  ConnectionRefusedError,
  ConnectionTimeoutError,
  DatagramTooLargeError,
  FrameTooLongError,
  HttpError,
  HttpTimeoutError,
  HttpUnreachableError,
  IdleTimeoutError,
  InvalidResponseError,
  NotConnectedError,
  RequestTimeoutError,
} from './core-errors.js';
