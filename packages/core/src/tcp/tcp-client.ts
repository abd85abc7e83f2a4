import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import {
  ClientClosedError,
  ConnectionClosedError,
  ConnectionRefusedError,
  ConnectionTimeoutError,
  NotConnectedError,
  RequestTimeoutError,
} from '../errors/core-errors.js';
import { toBuffer, type FrameDecoder, type FrameSink, type Framer, type Payload } from '../framing/framer.js';
import { componentLogger } from '../logging/logger.js';

/** Decides whether and when to reconnect after an unexpected close: a delay in ms, or `false` to give up. */
export type ReconnectStrategy = (attempt: number, cause: Error) => number | false;

/** Exponential backoff from `initialMs` doubling up to `maxMs`, for at most `maxAttempts` attempts. */
export function exponentialBackoff(options: { initialMs?: number; maxMs?: number; maxAttempts?: number } = {}): ReconnectStrategy {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 5000;
  const attempts = options.maxAttempts ?? Infinity;
  return (attempt) => (attempt > attempts ? false : Math.min(max, initial * 2 ** (attempt - 1)));
}

export interface TcpClientOptions {
  host?: string;
  port: number;
  framer: Framer;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Default per-request timeout; default 5000 ms. */
  requestTimeoutMs?: number;
  /** Wait for one frame sent by the server on connect (kept in `greeting`). */
  expectGreeting?: boolean;
  /** Frame outgoing requests with the framer's `encode` (default false: requests are sent as given). */
  encodeRequests?: boolean;
  reconnect?: ReconnectStrategy;
  logger?: Logger;
}

interface Pending {
  resolve(frame: Buffer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
  /** Timed out: its reply must still be consumed to keep later replies aligned. */
  expired: boolean;
}

export interface TcpClientEvents {
  /** A frame no request was waiting for. */
  frame: [Buffer];
  connect: [];
  disconnect: [Error];
  reconnecting: [number, number];
  error: [Error];
}

/**
 * A request/reply TCP client over a framer. Replies are matched to requests in FIFO order, so
 * requests can be pipelined; a timed-out request's late reply is consumed and dropped.
 */
export class TcpClient extends EventEmitter<TcpClientEvents> {
  /** The greeting frame, when `expectGreeting` is set. */
  greeting: Buffer | undefined;
  private socket: Socket | undefined;
  private decoder: FrameDecoder | undefined;
  private readonly pending: Pending[] = [];
  private readonly unsolicited: Buffer[] = [];
  private readonly frameWaiters: Pending[] = [];
  private readonly log: Logger;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TcpClientOptions) {
    super();
    this.log = componentLogger(options.logger, 'tcp-client');
  }

  /** Creates a client and connects it. */
  static async connect(options: TcpClientOptions): Promise<TcpClient> {
    const client = new TcpClient(options);
    await client.connect();
    return client;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get port(): number {
    return this.options.port;
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && !this.closed;
  }

  /** Connects (and reads the greeting when expected). Rejects with `ConnectionTimeoutError`/`ConnectionRefusedError`. */
  async connect(): Promise<void> {
    if (this.closed) throw new ClientClosedError();
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host: this.host, port: this.port, noDelay: true });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ConnectionTimeoutError(this.host, this.port, timeoutMs));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(err.code === 'ECONNREFUSED' ? new ConnectionRefusedError(this.host, this.port, { cause: err }) : err);
      });
    });
    if (this.closed) {
      socket.destroy();
      throw new ClientClosedError();
    }
    this.attach(socket);
    if (this.options.expectGreeting) {
      this.greeting = await this.readFrame(timeoutMs);
    }
    this.attempt = 0;
    this.emit('connect');
  }

  /** Sends a request and resolves with the next reply frame (a copy). */
  request(payload: Payload, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
    const socket = this.writableSocket();
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs ?? 5000;
    const promise = new Promise<Buffer>((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: undefined, expired: false };
      pending.timer = setTimeout(() => {
        pending.expired = true;
        reject(new RequestTimeoutError(timeoutMs));
      }, timeoutMs);
      options.signal?.addEventListener(
        'abort',
        () => {
          pending.expired = true;
          clearTimeout(pending.timer);
          reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error('aborted'));
        },
        { once: true },
      );
      this.pending.push(pending);
    });
    socket.write(this.frame(payload));
    return promise;
  }

  /** Sends bytes that expect no reply. */
  send(payload: Payload): void {
    this.writableSocket().write(this.frame(payload));
  }

  /** Resolves with the next frame that no request claims (e.g. a greeting or a pushed message). */
  readFrame(timeoutMs = this.options.requestTimeoutMs ?? 5000): Promise<Buffer> {
    const queued = this.unsolicited.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise<Buffer>((resolve, reject) => {
      const waiter: Pending = { resolve, reject, timer: undefined, expired: false };
      waiter.timer = setTimeout(() => {
        const i = this.frameWaiters.indexOf(waiter);
        if (i >= 0) this.frameWaiters.splice(i, 1);
        reject(new RequestTimeoutError(timeoutMs));
      }, timeoutMs);
      this.frameWaiters.push(waiter);
    });
  }

  /** Closes the connection and rejects everything pending with `ClientClosedError`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.failAll(new ClientClosedError());
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private frame(payload: Payload): Buffer {
    const bytes = toBuffer(payload);
    return this.options.encodeRequests && this.options.framer.encode ? this.options.framer.encode(bytes) : bytes;
  }

  private writableSocket(): Socket {
    if (this.closed) throw new ClientClosedError();
    if (!this.socket || this.socket.destroyed) throw new NotConnectedError();
    return this.socket;
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    this.decoder = this.options.framer.createDecoder();
    const sink: FrameSink = {
      onFrame: (frame) => this.deliver(Buffer.from(frame)),
      onOverflow: (error) => {
        socket.destroy(error);
        return false;
      },
    };
    socket.on('data', (chunk: Buffer) => this.decoder?.push(chunk, sink));
    socket.on('error', (err) => this.log.debug({ err }, 'socket error'));
    socket.once('close', () => {
      if (this.socket === socket) this.socket = undefined;
      const cause = new ConnectionClosedError();
      this.failAll(cause);
      if (this.closed) return;
      this.emit('disconnect', cause);
      this.scheduleReconnect(cause);
    });
  }

  private deliver(frame: Buffer): void {
    const pending = this.pending.shift();
    if (pending) {
      clearTimeout(pending.timer);
      if (!pending.expired) pending.resolve(frame);
      return;
    }
    const waiter = this.frameWaiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
      return;
    }
    if (this.listenerCount('frame') > 0) this.emit('frame', frame);
    else this.unsolicited.push(frame);
  }

  private failAll(error: Error): void {
    for (const list of [this.pending, this.frameWaiters]) {
      for (const p of list.splice(0)) {
        clearTimeout(p.timer);
        if (!p.expired) p.reject(error);
      }
    }
  }

  private scheduleReconnect(cause: Error): void {
    const strategy = this.options.reconnect;
    if (!strategy) return;
    this.attempt += 1;
    const delay = strategy(this.attempt, cause);
    if (delay === false) {
      this.log.warn({ attempts: this.attempt - 1 }, 'giving up reconnecting');
      return;
    }
    this.emit('reconnecting', this.attempt, delay);
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((err: Error) => {
        this.log.debug({ err, attempt: this.attempt }, 'reconnect failed');
        if (!this.closed) this.scheduleReconnect(err);
      });
    }, delay);
  }
}
