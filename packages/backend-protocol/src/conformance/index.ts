/** The protocol version the conformance suite checks by default. */
export const CONFORMANCE_PROTOCOL_VERSION = '1.4';

export {
  type ConformanceOptions,
  type ConformanceTarget,
  describeBackendConformance,
  type StartedBackend,
} from './describe-conformance.js';
export {
  BACKLOG,
  type CheckContext,
  type ConformanceGroup,
  type ConformanceVector,
  conformanceVectors,
  debugVectors,
  type Expectation,
  expectedNameAndCode,
  INVALID_UTF8,
  type LineCheck,
  runsInCodeMode,
  SPLIT_CRLF,
  statusLine,
  timeLine,
  tpiLine,
  type VectorStep,
} from './vectors.js';
export { RawConnection } from './raw-connection.js';
