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
} from './logger.js';
