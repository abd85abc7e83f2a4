export {
  type LongTimeout,
  type LongTimeoutOptions,
  MAX_TIMEOUT_MS,
  setLongTimeout,
} from './long-timeout.js';
