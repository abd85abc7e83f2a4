import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AddressInUseError, DatagramTooLargeError } from '../errors/core-errors.js';
import { toBuffer, type Payload } from '../framing/framer.js';
import { componentLogger } from '../logging/logger.js';
import { Fifo } from '../tcp/fifo.js';

export type DatagramReply = Payload | Payload[] | undefined | null | void;

export type DatagramHandler = (message: Buffer, sender: RemoteInfo) => DatagramReply | PromiseLike<DatagramReply>;

export interface UdpServerOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** One datagram is one message; each reply (or each element of a reply array) is one datagram back to the sender. */
  onMessage: DatagramHandler;
  /** Larger datagrams are dropped with a warning. Default 65507 (the IPv4 UDP maximum). */
  maxDatagramBytes?: number;
  type?: 'udp4' | 'udp6';
  /**
   * Fairness: datagram bytes handled per event-loop turn; later datagrams wait for the next turn so a flood
   * cannot delay timers or TCP clients. Default 16384.
   */
  maxBytesPerTurn?: number;
  /** Bytes of datagrams waiting for a turn; beyond, new datagrams are dropped (UDP may lose them anyway). Default 1 MiB. */
  maxBacklogBytes?: number;
  logger?: Logger;
}

/** A UDP server: one datagram in, zero or more datagrams back to its sender. */
export class UdpServer {
  private readonly socket: Socket;
  private readonly log: Logger;
  private readonly max: number;
  private closing: Promise<void> | undefined;
  private bound: AddressInfo | undefined;
  private readonly backlog = new Fifo<[Buffer, RemoteInfo]>();
  private backlogBytes = 0;
  private turnBytes = 0;
  private turnScheduled = false;
  private dropped = 0;

  constructor(private readonly options: UdpServerOptions) {
    this.log = componentLogger(options.logger, 'udp-server');
    this.max = options.maxDatagramBytes ?? 65507;
    this.socket = createSocket(options.type ?? 'udp4');
    this.socket.on('message', (message, sender) => this.receive(message, sender));
    this.socket.on('error', (err) => this.log.warn({ err }, 'udp socket error'));
  }

  async listen(): Promise<AddressInfo> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new AddressInUseError(host, port, { cause: err }) : err);
      this.socket.once('error', onError);
      this.socket.bind(port, host, () => {
        this.socket.off('error', onError);
        resolve();
      });
    });
    this.bound = this.socket.address();
    return this.bound;
  }

  address(): AddressInfo {
    if (!this.bound) throw new Error('server is not listening');
    return this.bound;
  }

  get port(): number {
    return this.address().port;
  }

  /** Sends one datagram to any address (for sending systems that push data). */
  send(payload: Payload, port: number, host = '127.0.0.1'): Promise<void> {
    const bytes = toBuffer(payload);
    if (bytes.length > this.max) return Promise.reject(new DatagramTooLargeError(bytes.length, this.max));
    return new Promise((resolve, reject) => this.socket.send(bytes, port, host, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // never bound
      }
    });
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private receive(message: Buffer, sender: RemoteInfo): void {
    if (message.length > this.max) {
      this.log.warn({ size: message.length, limit: this.max }, 'datagram too large, dropped');
      return;
    }
    if (this.backlog.length > 0 || this.turnBytes >= (this.options.maxBytesPerTurn ?? 16384)) {
      if (this.backlogBytes + message.length > (this.options.maxBacklogBytes ?? 1024 * 1024)) {
        if (this.dropped++ === 0) this.log.warn('datagram backlog full, dropping');
        return;
      }
      this.backlog.push([message, sender]);
      this.backlogBytes += message.length;
      this.scheduleTurn();
      return;
    }
    this.handle(message, sender);
  }

  /** The next turn (after timers and other I/O) resets the budget and works through waiting datagrams. */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.turnBytes = 0;
      if (this.dropped > 0) {
        this.log.warn({ dropped: this.dropped }, 'datagrams dropped (backlog full)');
        this.dropped = 0;
      }
      const max = this.options.maxBytesPerTurn ?? 16384;
      while (this.backlog.length > 0 && this.turnBytes < max && !this.closing) {
        const [message, sender] = this.backlog.shift()!;
        this.backlogBytes -= message.length;
        this.handle(message, sender);
      }
      if (this.closing) {
        this.backlog.clear();
        this.backlogBytes = 0;
      } else if (this.backlog.length > 0) this.scheduleTurn();
    });
  }

  private handle(message: Buffer, sender: RemoteInfo): void {
    this.turnBytes += message.length;
    this.scheduleTurn();
    let result: DatagramReply | PromiseLike<DatagramReply>;
    try {
      result = this.options.onMessage(message, sender);
    } catch (err) {
      this.log.error({ err }, 'datagram handler threw');
      return;
    }
    Promise.resolve(result).then(
      (reply) => this.reply(reply, sender),
      (err: unknown) => this.log.error({ err }, 'datagram handler rejected'),
    );
  }

  private reply(reply: DatagramReply, to: RemoteInfo): void {
    if (reply === undefined || reply === null || this.closing) return;
    for (const payload of Array.isArray(reply) ? reply : [reply]) {
      this.send(payload, to.port, to.address).catch((err: unknown) => this.log.warn({ err }, 'reply not sent'));
    }
  }
}
