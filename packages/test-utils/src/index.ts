export { TestUtilsError, WaitTimeoutError, EndedBeforeError } from './errors.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { waitForState, waitForProcedureState, type HasState, type StateWaitOptions } from './procedure-wait.js';
export { isAlive } from './is-alive.js';
export { descendantPids } from './descendants.js';
export { freePort, freePorts, freePortOffset, type PortOffsetOptions } from './free-port.js';
export { TcpTestClient, type TcpTestClientOptions } from './tcp-test-client.js';
export { UdpTestClient, udpExchange, type UdpTestClientOptions } from './udp-test-client.js';
export {
  TestProcess,
  startProcess,
  runProcess,
  SOURCE_NODE_ARGS,
  type TestProcessOptions,
  type ExitStatus,
  type ProcessResult,
} from './test-process.js';
