import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { IdleTimeoutError, type FrameTooLongError } from '../errors/core-errors.js';
import type { Framer, FrameSink, Payload } from '../framing/framer.js';
import { componentLogger } from '../logging/logger.js';
import { Fifo } from './fifo.js';
import { TcpConnection } from './tcp-connection.js';
import { listenOn } from './listen.js';

/** What a frame handler may answer: bytes to send, or nothing. */
export type Reply = Payload | undefined | null | void;

export type FrameHandler = (frame: Buffer, connection: TcpConnection) => Reply | PromiseLike<Reply>;

/** What to do with an overlong frame: send a reply and carry on, or close the connection. */
export type OverflowAction = 'close' | { reply: Payload };

export interface TcpServerOptions {
  /** Bind address. Default `127.0.0.1`; pass `0.0.0.0` explicitly to expose. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  framer: Framer;
  /**
   * Called once per frame, in order. A returned promise pauses this connection's frame processing
   * until it settles, so replies keep request order even with async handlers.
   */
  onFrame: FrameHandler;
  /** Bytes sent first on every connection. */
  greeting?: Payload | ((connection: TcpConnection) => Payload | undefined);
  /** Overlong frame policy. Default `'close'`: earlier frames are still answered, later input is discarded. */
  onFrameTooLong?: (error: FrameTooLongError, connection: TcpConnection) => OverflowAction;
  /** Called when a connection is accepted (after the greeting). */
  onConnection?: (connection: TcpConnection) => void;
  /** Called once a connection is fully closed. */
  onDisconnect?: (connection: TcpConnection) => void;
  /** Destroy connections idle for this long (no bytes either way). Default: never. */
  idleTimeoutMs?: number;
  /** How long `close()` waits for connections to end before destroying them. Default 2000 ms. */
  closeGraceMs?: number;
  /** Disable Nagle (default true): request/reply protocols want small writes out at once. */
  noDelay?: boolean;
  backlog?: number;
  /**
   * Fairness: the most frame bytes one connection may have handled per event-loop turn before it yields
   * (its remaining frames wait for the next turn, reading paused), so one flooding peer cannot delay timers
   * or other connections. A single larger frame still runs whole. Default 16384.
   */
  maxBytesPerTurn?: number;
  /** Fairness: the most frames one connection may have handled per event-loop turn. Default 256. */
  maxFramesPerTurn?: number;
  logger?: Logger;
}

/** Default per-connection work per event-loop turn: about a millisecond of typical line or byte parsing. */
export const DEFAULT_MAX_BYTES_PER_TURN = 16384;
export const DEFAULT_MAX_FRAMES_PER_TURN = 256;

/** A frame to handle, or a reply (to an overlong frame) that must keep its place in the reply order. */
type Work = { frame: Buffer } | { reply: Payload };

interface ConnectionRuntime {
  connection: TcpConnection;
  queue: Fifo<Work>;
  busy: boolean;
  endWhenIdle: boolean;
  /** Frame bytes and frames handled in the current turn. */
  turnBytes: number;
  turnFrames: number;
  /** A `setImmediate` that starts this connection's next turn is pending. */
  turnScheduled: boolean;
}

export interface TcpServerEvents {
  connection: [TcpConnection];
  disconnect: [TcpConnection];
  error: [Error];
}

/**
 * A framed TCP server: one decoder per connection, ordered replies, backpressure, connection
 * tracking, idle timeout, and a graceful `close()`.
 */
export class TcpServer extends EventEmitter<TcpServerEvents> {
  private readonly server: Server;
  private readonly runtimes = new Map<Socket, ConnectionRuntime>();
  private readonly log: Logger;
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private boundAddress: AddressInfo | undefined;
  private readonly maxBytesPerTurn: number;
  private readonly maxFramesPerTurn: number;

  constructor(private readonly options: TcpServerOptions) {
    super();
    this.log = componentLogger(options.logger, 'tcp-server');
    this.maxBytesPerTurn = options.maxBytesPerTurn ?? DEFAULT_MAX_BYTES_PER_TURN;
    this.maxFramesPerTurn = options.maxFramesPerTurn ?? DEFAULT_MAX_FRAMES_PER_TURN;
    // Half-open: a peer that sends its last request and then shuts down its side still gets every reply,
    // including those of async handlers; the socket ends once its queue is idle.
    this.server = createServer({ noDelay: options.noDelay ?? true, allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => {
      if (this.listenerCount('error') > 0) this.emit('error', err);
      else if (this.server.listening) this.log.error({ err }, 'server error'); // listen() failures reject listen() instead
    });
  }

  /** Starts listening; resolves with the bound address. Throws `AddressInUseError` when the port is taken. */
  async listen(): Promise<AddressInfo> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 0;
    this.boundAddress = await listenOn(this.server, host, port, this.options.backlog);
    this.log.debug({ address: this.boundAddress }, 'listening');
    return this.boundAddress;
  }

  /** The bound address; throws before `listen()` resolved. */
  address(): AddressInfo {
    if (!this.boundAddress) throw new Error('server is not listening');
    return this.boundAddress;
  }

  get port(): number {
    return this.address().port;
  }

  /** Live connections. */
  get connections(): ReadonlySet<TcpConnection> {
    return new Set([...this.runtimes.values()].map((r) => r.connection));
  }

  get connectionCount(): number {
    return this.runtimes.size;
  }

  /**
   * Stops accepting, ends every connection, destroys those still open after the grace period, and
   * resolves once all are closed. Idempotent.
   */
  close(graceMs = this.options.closeGraceMs ?? 2000): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const serverClosed = new Promise<void>((done) => {
        if (!this.server.listening) done();
        else this.server.close(() => done());
      });
      const socketsClosed = [...this.runtimes.keys()].map((socket) => new Promise<void>((done) => socket.once('close', () => done())));
      const closed = Promise.all([serverClosed, ...socketsClosed]);
      for (const runtime of this.runtimes.values()) runtime.connection.end();
      const straggler = setTimeout(() => {
        for (const socket of this.runtimes.keys()) socket.destroy();
      }, graceMs);
      straggler.unref();
      void closed.then(() => {
        clearTimeout(straggler);
        resolve();
      });
    });
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const id = this.nextId++;
    const connection = new TcpConnection(id, socket, this.log.child({ connection: id }));
    const runtime: ConnectionRuntime = {
      connection,
      queue: new Fifo<Work>(),
      busy: false,
      endWhenIdle: false,
      turnBytes: 0,
      turnFrames: 0,
      turnScheduled: false,
    };
    this.runtimes.set(socket, runtime);
    const decoder = this.options.framer.createDecoder();
    const sink: FrameSink = {
      onFrame: (frame) => this.enqueue(runtime, { frame }),
      onOverflow: (error) => this.overflow(runtime, error),
    };

    socket.on('data', (chunk: Buffer) => {
      if (runtime.endWhenIdle) return;
      socket.cork();
      try {
        decoder.push(chunk, sink);
      } finally {
        socket.uncork();
      }
    });
    socket.on('drain', () => this.pump(runtime));
    socket.once('end', () => {
      runtime.endWhenIdle = true;
      if (!runtime.busy && runtime.queue.length === 0) this.finish(runtime);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // ECONNRESET/EPIPE are how peers leave; anything else is worth a line.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') connection.logger.debug({ err }, 'connection reset');
      else if (err instanceof IdleTimeoutError) connection.logger.debug('idle timeout');
      else connection.logger.warn({ err }, 'connection error');
    });
    socket.once('close', () => {
      this.runtimes.delete(socket);
      runtime.queue.clear();
      connection.logger.debug('disconnected');
      this.options.onDisconnect?.(connection);
      this.emit('disconnect', connection);
    });
    if (this.options.idleTimeoutMs) {
      const idleMs = this.options.idleTimeoutMs;
      socket.setTimeout(idleMs, () => socket.destroy(new IdleTimeoutError(idleMs)));
    }

    connection.logger.debug({ remote: `${connection.remoteAddress}:${connection.remotePort}` }, 'connected');
    const greeting = typeof this.options.greeting === 'function' ? this.options.greeting(connection) : this.options.greeting;
    if (greeting !== undefined) connection.send(greeting);
    this.options.onConnection?.(connection);
    this.emit('connection', connection);
  }

  /**
   * Handles a frame at once when the connection is idle; otherwise queues it and stops reading, so a
   * slow handler or a reader that does not drain holds at most one received chunk in memory.
   */
  private enqueue(runtime: ConnectionRuntime, work: Work): void {
    if (!runtime.busy && runtime.queue.length === 0 && !runtime.connection.socket.writableNeedDrain && !this.turnSpent(runtime)) {
      this.process(runtime, work);
      return;
    }
    runtime.queue.push(work);
    runtime.connection.pauseFor('busy');
  }

  /** True once this connection used its share of the current event-loop turn. */
  private turnSpent(runtime: ConnectionRuntime): boolean {
    return runtime.turnBytes >= this.maxBytesPerTurn || runtime.turnFrames >= this.maxFramesPerTurn;
  }

  /**
   * Counts a frame against this connection's turn. The first frame of a turn schedules the next one
   * (`setImmediate`, after timers and other sockets' I/O have run), which resets the budget and resumes
   * any frames that had to wait.
   */
  private charge(runtime: ConnectionRuntime, bytes: number): void {
    runtime.turnBytes += bytes;
    runtime.turnFrames += 1;
    if (runtime.turnScheduled) return;
    runtime.turnScheduled = true;
    setImmediate(() => {
      runtime.turnScheduled = false;
      runtime.turnBytes = 0;
      runtime.turnFrames = 0;
      if (runtime.queue.length > 0) this.pump(runtime);
    });
  }

  /** Applies the overflow policy; returns false when decoding must stop because the connection is closing. */
  private overflow(runtime: ConnectionRuntime, error: FrameTooLongError): boolean {
    const action = this.options.onFrameTooLong?.(error, runtime.connection) ?? 'close';
    if (action === 'close') {
      runtime.connection.logger.debug({ limit: error.limit }, 'frame too long, closing');
      runtime.endWhenIdle = true;
      if (!runtime.busy && runtime.queue.length === 0) this.finish(runtime);
      return false;
    }
    this.enqueue(runtime, { reply: action.reply });
    return true;
  }

  private process(runtime: ConnectionRuntime, work: Work): void {
    if ('frame' in work) {
      this.charge(runtime, work.frame.length);
      this.run(runtime, work.frame);
    } else {
      runtime.connection.send(work.reply);
    }
  }

  /** Runs one frame; an async handler marks the connection busy until it settles. */
  private run(runtime: ConnectionRuntime, frame: Buffer): void {
    const { connection } = runtime;
    let result: Reply | PromiseLike<Reply>;
    try {
      result = this.options.onFrame(frame, connection);
    } catch (err) {
      connection.logger.error({ err }, 'frame handler threw');
      return;
    }
    if (isPromiseLike(result)) {
      runtime.busy = true;
      Promise.resolve(result).then(
        (reply) => this.settle(runtime, reply),
        (err: unknown) => {
          connection.logger.error({ err }, 'frame handler rejected');
          this.settle(runtime, undefined);
        },
      );
      return;
    }
    if (result !== undefined && result !== null) connection.send(result);
  }

  private settle(runtime: ConnectionRuntime, reply: Reply): void {
    runtime.busy = false;
    if (reply !== undefined && reply !== null) runtime.connection.send(reply);
    this.pump(runtime);
  }

  /** Works through queued frames while the connection is neither busy nor backpressured. */
  private pump(runtime: ConnectionRuntime): void {
    const { connection } = runtime;
    const socket = connection.socket;
    if (socket.destroyed) return;
    if (runtime.queue.length > 0) {
      socket.cork();
      try {
        while (runtime.queue.length > 0 && !runtime.busy && !socket.writableNeedDrain && !this.turnSpent(runtime)) {
          this.process(runtime, runtime.queue.shift()!);
        }
      } finally {
        socket.uncork();
      }
    }
    if (runtime.busy || runtime.queue.length > 0) {
      connection.pauseFor('busy');
      return;
    }
    if (runtime.endWhenIdle) this.finish(runtime);
    else connection.resumeFor('busy');
  }

  private finish(runtime: ConnectionRuntime): void {
    runtime.queue.clear();
    runtime.connection.end();
    // A peer that never reads must not keep the socket half-open forever.
    setTimeout(() => runtime.connection.destroy(), this.options.closeGraceMs ?? 2000).unref();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

