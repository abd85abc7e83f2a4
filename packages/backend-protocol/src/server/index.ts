export { createLineProcessor, type LineProcessor, type LineProcessorOptions, type LineResult } from './line-processor.js';
export {
  BackendServer,
  type BackendServerOptions,
  type BoundAddress,
  createBackendServer,
  MAX_LINE_BYTES,
} from './backend-server.js';
