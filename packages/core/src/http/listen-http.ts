import type { AddressInfo } from 'node:net';
import { AddressInUseError } from '../errors/core-errors.js';
import { hasErrorCode } from '../errors/observatory-error.js';

/** What {@link listenHttp} needs of an HTTP app (a fastify instance fits), so core never imports fastify. */
export interface ListenableHttpApp {
  listen(options: { host: string; port: number }): Promise<unknown>;
  readonly server: { address(): AddressInfo | string | null };
}

/** Where an app listens after {@link listenHttp}. */
export interface BoundHttpAddress {
  /** The socket's own address (e.g. `127.0.0.1` or `::1`). */
  address: AddressInfo;
  port: number;
  /** `http://<bound address>:<port>`, an IPv6 address in brackets. */
  url: string;
}

/** `http://host:port`, bracketing an IPv6 literal. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Listens on host:port and resolves with the bound address; a taken port becomes `AddressInUseError`. */
export async function listenHttp(app: ListenableHttpApp, { host, port }: { host: string; port: number }): Promise<BoundHttpAddress> {
  try {
    await app.listen({ host, port });
  } catch (err) {
    if (hasErrorCode(err, 'EADDRINUSE')) throw new AddressInUseError(host, port, { cause: err });
    throw err;
  }
  const raw = app.server.address();
  const address: AddressInfo = typeof raw === 'object' && raw ? raw : { address: host, family: host.includes(':') ? 'IPv6' : 'IPv4', port };
  return { address, port: address.port, url: httpUrl(address.address, address.port) };
}
