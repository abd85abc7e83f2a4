export { ExitCode } from './exit-codes.js';
export {
  type Closeable,
  GracefulShutdown,
  type ShutdownOptions,
} from './shutdown.js';
export { packageVersion } from './package-version.js';
