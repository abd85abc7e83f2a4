import type { AddressInfo, Server } from 'node:net';
import { AddressInUseError } from '../errors/core-errors.js';

/** Listens on host:port and resolves with the bound address; a taken port becomes `AddressInUseError`. */
export function listenOn(server: Server, host: string, port: number, backlog?: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(err.code === 'EADDRINUSE' ? new AddressInUseError(host, port, { cause: err }) : err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, backlog });
  });
}
