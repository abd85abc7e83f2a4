/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@discos/backend-protocol';

export {
  BackendFailError,
  BackendInvalidError,
  ConnectionLostError,
  GrammarError,
  HandlerError,
  ProtocolError,
  UnsupportedProtocolVersionError,
} from './errors.js';
export {
  DEFAULT_PROTOCOL_VERSION,
  isProtocolVersion,
  PROTOCOL_VERSIONS,
  type ProtocolVersion,
  toProtocolVersion,
  versionAtLeast,
} from './protocol-version.js';
export {
  CRLF,
  isReplyCode,
  type Message,
  type MessageType,
  type Reply,
  reply,
  REPLY_CODES,
  REPLY_PREFIX,
  type ReplyCode,
  type Request,
  request,
  REQUEST_PREFIX,
  SEPARATOR,
} from './grammar/message.js';
export { isValidName, parseMessage, tryParseMessage } from './grammar/parse.js';
export { encodeMessage, isCorrectReply, isWellFormedReply, serialiseMessage } from './grammar/serialise.js';
export {
  formatPythonFixed,
  formatPythonFloat,
  formatPythonInt,
  formatReplyArg,
  parsePythonBigInt,
  parsePythonFloat,
  parsePythonInt,
  pyBigInt,
  pyFloat,
  pyInt,
  type ReplyArg,
} from './values/python-number.js';
export { isPythonSpace, pyLStrip, pyRStrip, pySplit, pyStrip } from './values/python-whitespace.js';
export { type DiscosTime, fromTicks, isValidTicks, TICKS_PER_SECOND, ticksNow, toTicks, unixNow } from './time/discos-time.js';
export type { Handler } from './handler/handler.js';
export type { Backend, BackendResult, IntArg, MaybePromise, Unchanged } from './handler/backend.js';
export { AlwaysFailHandler, AlwaysOkHandler, AlwaysRaiseHandler } from './handler/debug-handlers.js';
export { BackendProtocolHandler, type BackendProtocolHandlerOptions } from './handler/protocol-handler.js';
export { type SectionSettings, SimulatorBackend, type SimulatorBackendOptions } from './handler/simulator-backend.js';
export { createLineProcessor, type LineProcessor, type LineProcessorOptions, type LineResult } from './server/line-processor.js';
export {
  BackendServer,
  type BackendServerOptions,
  type BoundAddress,
  createBackendServer,
  MAX_LINE_BYTES,
} from './server/backend-server.js';
export {
  BackendClient,
  type BackendClientOptions,
  type BackendReply,
  type BackendStatus,
  type SectionValue,
} from './client/backend-client.js';
export {
  buildProgram,
  DEFAULT_PORT,
  exitCodeFor,
  HANDLER_NAMES,
  handlerFor,
  type HandlerName,
  main,
  runBackend,
  type RunOptions,
} from './cli/program.js';
