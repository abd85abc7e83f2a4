import { EventEmitter } from 'node:events';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { ClientClosedError, DatagramTooLargeError, RequestTimeoutError } from '../errors/core-errors.js';
import { toBuffer, type Payload } from '../framing/framer.js';

export interface UdpClientOptions {
  host?: string;
  port: number;
  /** Default 5000 ms. */
  requestTimeoutMs?: number;
  /** Default 65507. */
  maxDatagramBytes?: number;
  type?: 'udp4' | 'udp6';
}

export interface UdpClientEvents {
  message: [Buffer, RemoteInfo];
}

/** A UDP client bound to an ephemeral port: `send`, or `request` for the next datagram back. */
export class UdpClient extends EventEmitter<UdpClientEvents> {
  private readonly socket: Socket;
  private readonly waiters: Array<{ resolve(b: Buffer): void; reject(e: Error): void; timer: NodeJS.Timeout }> = [];
  private readonly inbox: Buffer[] = [];
  private closed = false;
  private ready: Promise<void>;

  constructor(private readonly options: UdpClientOptions) {
    super();
    this.socket = createSocket(options.type ?? 'udp4');
    this.socket.on('message', (msg, rinfo) => {
      this.emit('message', msg, rinfo);
      const waiter = this.waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(msg);
      } else this.inbox.push(msg);
    });
    this.socket.on('error', () => undefined);
    this.ready = new Promise((resolve) => this.socket.bind(0, options.type === 'udp6' ? '::1' : '127.0.0.1', () => resolve()));
  }

  /** The local port replies come back to. */
  async localPort(): Promise<number> {
    await this.ready;
    return this.socket.address().port;
  }

  async send(payload: Payload): Promise<void> {
    if (this.closed) throw new ClientClosedError();
    const bytes = toBuffer(payload);
    const max = this.options.maxDatagramBytes ?? 65507;
    if (bytes.length > max) throw new DatagramTooLargeError(bytes.length, max);
    await this.ready;
    await new Promise<void>((resolve, reject) =>
      this.socket.send(bytes, this.options.port, this.options.host ?? '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Sends one datagram and resolves with the next one received. */
  async request(payload: Payload, timeoutMs = this.options.requestTimeoutMs ?? 5000): Promise<Buffer> {
    const reply = this.receive(timeoutMs);
    await this.send(payload);
    return reply;
  }

  /** Resolves with the next datagram received (queued ones first). */
  receive(timeoutMs = this.options.requestTimeoutMs ?? 5000): Promise<Buffer> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new RequestTimeoutError(timeoutMs));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new ClientClosedError());
    }
    await this.ready;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
