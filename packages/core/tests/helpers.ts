import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** A raw client socket that collects everything the server sends. */
export interface RawClient {
  socket: Socket;
  received(): string;
  /** Resolves when the collected bytes satisfy `predicate` (deadline in ms). */
  until(predicate: (text: string) => boolean, ms?: number): Promise<string>;
  closed: Promise<void>;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect', { signal: AbortSignal.timeout(2000) });
  let text = '';
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    for (const w of waiters) w();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    received: () => text,
    closed,
    until(predicate, ms = 2000) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          if (predicate(text)) {
            cleanup();
            resolve(text);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out; received so far: ${JSON.stringify(text.slice(0, 200))}`));
        }, ms);
        const onClose = () => {
          check();
        };
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
          socket.off('close', onClose);
        };
        waiters.add(check);
        socket.on('close', onClose);
        check();
      });
    },
  };
}
