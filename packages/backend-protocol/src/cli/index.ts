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
} from './program.js';
