export {
  type DatagramHandler,
  type DatagramReply,
  UdpServer,
  type UdpServerOptions,
} from './udp-server.js';
export {
  UdpClient,
  type UdpClientEvents,
  type UdpClientOptions,
} from './udp-client.js';
