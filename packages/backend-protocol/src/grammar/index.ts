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
} from './message.js';
export { isValidName, parseMessage, tryParseMessage } from './parse.js';
export { encodeMessage, isCorrectReply, isWellFormedReply, serialiseMessage } from './serialise.js';
