import { TcpTestClient } from '@observatory/test-utils';

/** A raw client socket that collects everything the server sends (test-utils' TcpTestClient). */
export type RawClient = TcpTestClient;

export function rawClient(port: number): Promise<RawClient> {
  return TcpTestClient.connect(port);
}
