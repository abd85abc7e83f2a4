// The public API of @observatory/core, by area. Named lists: a helper not listed here is internal.
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
} from './errors/core-errors.js';
export { hasErrorCode, ObservatoryError } from './errors/observatory-error.js';
export {
  componentLogger,
  createLogger,
  type CreateLoggerOptions,
  type Level,
  type LogFormat,
  type Logger,
  resolveLogFormat,
  silentLogger,
  useColour,
} from './logging/logger.js';
export {
  type ByteParser,
  byteParserFramer,
  type ByteParserFramerOptions,
  type ByteVerdict,
} from './framing/byte-parser-framer.js';
export { delimiterFramer, type DelimiterFramerOptions } from './framing/delimiter-framer.js';
export { fixedLengthFramer } from './framing/fixed-length-framer.js';
export {
  type FrameDecoder,
  type Framer,
  type FrameSink,
  type Payload,
} from './framing/framer.js';
export { lengthPrefixedFramer, type LengthPrefixedFramerOptions } from './framing/length-prefixed-framer.js';
export { rawFramer, type RawFramerOptions } from './framing/raw-framer.js';
export {
  exponentialBackoff,
  type ReconnectStrategy,
  TcpClient,
  type TcpClientEvents,
  type TcpClientOptions,
} from './tcp/tcp-client.js';
export {
  type FrameHandler,
  type OverflowAction,
  type Reply,
  TcpServer,
  type TcpServerEvents,
  type TcpServerOptions,
} from './tcp/tcp-server.js';
export { listenOn } from './tcp/listen.js';
export { TcpConnection } from './tcp/tcp-connection.js';
export {
  type DatagramHandler,
  type DatagramReply,
  UdpServer,
  type UdpServerOptions,
} from './udp/udp-server.js';
export { UdpClient, type UdpClientEvents, type UdpClientOptions } from './udp/udp-client.js';
export {
  type BoundHttpAddress,
  httpUrl,
  type ListenableHttpApp,
  listenHttp,
} from './http/listen-http.js';
export { type ClosableHttpApp, type ClosableStream, closeHttp } from './http/close-http.js';
export { HostAllowList } from './http/host-allow-list.js';
export {
  HttpJsonClient,
  type HttpJsonClientOptions,
  type JsonRequestOptions,
  mapTransportError,
} from './http/http-json-client.js';
export { httpStatusForError } from './http/error-status.js';
export { jsonNestingExceeds } from './http/json-nesting.js';
export { openEventStream, type SseEvent, type SseStreamOptions } from './http/sse-client.js';
export {
  envBool,
  envEnum,
  envInt,
  envList,
  envString,
  type EnvVar,
  parseBoolean,
  parseIntStrict,
  readEnv,
} from './config/env.js';
export {
  type IniData,
  type IniSection,
  type LoadedIni,
  loadIniConfig,
  parseIni,
} from './config/ini-config.js';
export { type Closeable, GracefulShutdown, type ShutdownOptions } from './process/shutdown.js';
export { ExitCode } from './process/exit-codes.js';
export { packageVersion } from './process/package-version.js';
export { ReplayBuffer, type Sequenced } from './events/replay-buffer.js';
export {
  type LongTimeout,
  type LongTimeoutOptions,
  MAX_TIMEOUT_MS,
  setLongTimeout,
} from './timers/long-timeout.js';
export {
  type Clock,
  type ClockOptions,
  createClock,
  systemClock,
  type TimeoutClock,
  type TimerHandle,
} from './time/clock.js';
export { MANUAL_CLOCK_EPOCH, ManualClock } from './time/manual-clock.js';
