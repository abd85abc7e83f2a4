import { TcpServer, componentLogger, delimiterFramer, type Logger, type TcpConnection } from '@observatory/core';
import { reply } from '../grammar/message.js';
import { encodeMessage } from '../grammar/serialise.js';
import type { Handler } from '../handler/handler.js';
import { toProtocolVersion, type ProtocolVersion } from '../protocol-version.js';
import { createLineProcessor } from './line-processor.js';

interface HalfCloseState {
  inFlight: number;
  peerEnded: boolean;
}

const HALF_CLOSE = 'discos.halfClose';

function halfCloseState(connection: TcpConnection): HalfCloseState {
  let state = connection.state.get(HALF_CLOSE) as HalfCloseState | undefined;
  if (!state) {
    state = { inFlight: 0, peerEnded: false };
    connection.state.set(HALF_CLOSE, state);
  }
  return state;
}

function endIfIdle(connection: TcpConnection): void {
  const state = halfCloseState(connection);
  if (state.peerEnded && state.inFlight === 0) connection.end();
}

/** The line limit of the protocol, CRLF excluded. */
export const MAX_LINE_BYTES = 16384;

export interface BackendServerOptions {
  /** One handler shared by every connection. */
  handler: Handler;
  /** Default `127.0.0.1`; pass `0.0.0.0` explicitly to expose the server. */
  host?: string;
  /** Port; 0 picks a free one. */
  port: number;
  /** Greeting and `?version` text. Default `'1.4'`. */
  protocolVersion?: ProtocolVersion;
  /** Longest line, CRLF excluded; a longer one closes its connection. Default 16384. */
  maxLineBytes?: number;
  /** Destroy connections idle this long. Default: never. */
  idleTimeoutMs?: number;
  /** Answer the generic fail when an async handler takes longer. Default: wait. */
  requestTimeoutMs?: number;
  /** Grace period of `close()` before remaining sockets are destroyed. Default 2000 ms. */
  closeGraceMs?: number;
  /**
   * Fairness: request bytes / lines one connection may have handled per event-loop turn before the server
   * yields to timers and other connections (core's `TcpServer` defaults: 16384 bytes, 256 lines).
   */
  maxBytesPerTurn?: number;
  maxFramesPerTurn?: number;
  logger?: Logger;
}

export interface BoundAddress {
  host: string;
  port: number;
}

/** A DISCOS backend protocol server on `@observatory/core`'s TCP server. */
export class BackendServer {
  readonly protocolVersion: ProtocolVersion;
  private readonly tcp: TcpServer;
  private readonly handler: Handler;
  private readonly log: Logger;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(options: BackendServerOptions) {
    this.protocolVersion = toProtocolVersion(options.protocolVersion);
    this.handler = options.handler;
    this.log = componentLogger(options.logger, 'backend-server');
    const greeting = encodeMessage(reply('version', 'ok', [this.protocolVersion]));
    const processLine = createLineProcessor({
      handler: options.handler,
      requestTimeoutMs: options.requestTimeoutMs,
      logger: options.logger,
    });
    this.tcp = new TcpServer({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      framer: delimiterFramer({ delimiter: '\r\n', maxFrameBytes: options.maxLineBytes ?? MAX_LINE_BYTES }),
      greeting,
      onFrame: (frame, connection) => {
        const result = processLine(frame);
        if (result instanceof Promise) {
          const halfClose = halfCloseState(connection);
          halfClose.inFlight++;
          return result.then((bytes) => {
            halfClose.inFlight--;
            // Queued frames run right after this settles; look again once they had their turn.
            if (halfClose.peerEnded) setImmediate(() => endIfIdle(connection));
            // A reply for a connection closed meanwhile is dropped.
            return connection.closed ? undefined : bytes;
          });
        }
        return result;
      },
      onConnection: (connection) => {
        // Core's server ends the socket as soon as the peer half-closes, losing replies of async handlers
        // still in flight; keep the socket half-open and end it once those replies are written.
        connection.socket.allowHalfOpen = true;
        connection.socket.once('end', () => {
          halfCloseState(connection).peerEnded = true;
          endIfIdle(connection);
        });
      },
      onFrameTooLong: () => 'close',
      idleTimeoutMs: options.idleTimeoutMs,
      closeGraceMs: options.closeGraceMs,
      maxBytesPerTurn: options.maxBytesPerTurn,
      maxFramesPerTurn: options.maxFramesPerTurn,
      logger: options.logger,
    });
    // listen() reports EADDRINUSE as AddressInUseError; without a listener core would also log it as a server error.
    this.tcp.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') this.log.debug({ err }, 'address in use');
      else this.log.error({ err }, 'server error');
    });
  }

  /** Starts the handler and listens; resolves with the bound address (port 0 picks one). Throws `AddressInUseError`. */
  async listen(): Promise<BoundAddress> {
    if (!this.started) {
      this.started = true;
      await this.handler.start?.();
    }
    const address = await this.tcp.listen();
    this.log.info({ host: address.address, port: address.port, protocolVersion: this.protocolVersion }, 'listening');
    return { host: address.address, port: address.port };
  }

  /** The bound address; throws before `listen()` resolved. */
  address(): BoundAddress {
    const address = this.tcp.address();
    return { host: address.address, port: address.port };
  }

  get port(): number {
    return this.tcp.port;
  }

  get connectionCount(): number {
    return this.tcp.connectionCount;
  }

  /** Stops accepting, flushes and ends every connection (destroying stragglers after the grace period), then stops the handler. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tcp.close();
      if (this.started) await this.handler.stop?.();
      this.log.info('closed');
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Creates (does not start) a backend server; call `listen()`. */
export function createBackendServer(options: BackendServerOptions): BackendServer {
  return new BackendServer(options);
}
