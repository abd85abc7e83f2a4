export { TcpConnection } from './tcp-connection.js';
export {
  type FrameHandler,
  type OverflowAction,
  type Reply,
  TcpServer,
  type TcpServerEvents,
  type TcpServerOptions,
} from './tcp-server.js';
export {
  exponentialBackoff,
  type ReconnectStrategy,
  TcpClient,
  type TcpClientEvents,
  type TcpClientOptions,
} from './tcp-client.js';
export { listenOn } from './listen.js';
