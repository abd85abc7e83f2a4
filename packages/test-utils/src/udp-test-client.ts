import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { EndedBeforeError, WaitTimeoutError } from './errors.js';

const DEFAULT_DEADLINE_MS = 3000;
/** Unread datagrams beyond this are dropped (oldest first) so a flooding peer cannot grow memory. */
const MAX_QUEUED_DATAGRAMS = 10_000;

export interface UdpTestClientOptions {
  host?: string;
  /** Default deadline of every receive (default 3000 ms). */
  readTimeoutMs?: number;
}

/** A UDP test client bound to an ephemeral port on 127.0.0.1: sends datagrams and receives replies in order. */
export class UdpTestClient {
  private queue: Buffer[] = [];
  private waiters = new Set<() => void>();
  private ended_ = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly socket: Socket,
    private readonly host: string,
    private readonly readTimeoutMs: number,
  ) {
    socket.on('message', (msg: Buffer) => {
      this.queue.push(msg);
      if (this.queue.length > MAX_QUEUED_DATAGRAMS) this.queue.shift();
      this.wake();
    });
    socket.on('close', () => {
      this.ended_ = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async open(options: UdpTestClientOptions = {}): Promise<UdpTestClient> {
    const host = options.host ?? '127.0.0.1';
    const socket = createSocket('udp4');
    socket.bind(0, host);
    await once(socket, 'listening');
    return new UdpTestClient(socket, host, options.readTimeoutMs ?? DEFAULT_DEADLINE_MS);
  }

  /** This client's own port (where replies arrive). */
  get port(): number {
    return this.socket.address().port;
  }

  /** Datagrams received and not yet read. */
  get pending(): number {
    return this.queue.length;
  }

  /** Sends one datagram to `port`; strings are sent as latin-1. */
  send(data: string | Uint8Array, port: number): void {
    this.socket.send(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, port, this.host);
  }

  /** The next datagram. */
  async receive(timeoutMs = this.readTimeoutMs): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.ended_) throw new EndedBeforeError('a datagram');
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError('a datagram', timeoutMs);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
    return this.queue.shift()!;
  }

  /** The next datagram as latin-1 text. */
  async receiveText(timeoutMs = this.readTimeoutMs): Promise<string> {
    return (await this.receive(timeoutMs)).toString('latin1');
  }

  /** Sends `data` to `port` and collects `count` reply datagrams as latin-1 text. */
  async exchange(data: string | Uint8Array, port: number, count = 1, timeoutMs = this.readTimeoutMs): Promise<string[]> {
    this.send(data, port);
    const deadline = Date.now() + timeoutMs;
    const replies: string[] = [];
    while (replies.length < count) {
      try {
        replies.push(await this.receiveText(Math.max(0, deadline - Date.now())));
      } catch (err) {
        if (err instanceof WaitTimeoutError) throw new WaitTimeoutError(`${count} datagrams`, timeoutMs, `got ${JSON.stringify(replies)}`);
        throw err;
      }
    }
    return replies;
  }

  /** Closes the socket; idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.ended_) resolve();
      else this.socket.close(() => resolve());
    });
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Opens a client, sends one datagram to `port`, collects `count` replies (latin-1) and closes. */
export async function udpExchange(port: number, data: string | Uint8Array, count = 1, timeoutMs = DEFAULT_DEADLINE_MS): Promise<string[]> {
  await using client = await UdpTestClient.open();
  return await client.exchange(data, port, count, timeoutMs); // await: the client is disposed on return
}
