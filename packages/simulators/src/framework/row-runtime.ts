import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOn, rawFramer, TcpServer, UdpServer, type Logger, type TcpConnection } from '@observatory/core';
import { LatestSink } from './broadcaster.js';
import type { Clock } from '@observatory/core';
import { CUSTOM_TAIL, IDENTIFY_COMMAND, identityReply, isWholeCustomCommand, runCustomCommand } from './custom-commands.js';
import { Feeder } from './feeder.js';
import { LogLimiter } from './log-limiter.js';
import type { ServerRow, SimulatorModule, Sink, System } from './types.js';

const UDP_NEWLINE = Buffer.from('\n');
/** How long after `$server_shutdown%%%%%` a row closes (the reference sleeps 10 ms). */
const STOP_DELAY_MS = 10;
const CLOSE_GRACE_MS = 100;
/** Bytes given to a connection's parser in one piece; core's TCP server yields between pieces once a turn's budget is spent. */
const FEED_SLICE_BYTES = 4096;

export interface RowRuntimeOptions {
  host: string;
  portOffset: number;
  /** Bind every endpoint on port 0 (tests). */
  ephemeralPorts: boolean;
  clock: Clock;
  logger: Logger;
  /** Options overriding the row's own (e.g. the CLI's `type`). */
  overrides: Readonly<Record<string, unknown>>;
  /** TCP listen backlog (the kernel caps it at `somaxconn`). */
  backlog: number;
}

export interface RowPorts {
  listen?: number;
  send?: number;
  http?: number;
}

interface Closeable {
  close(): Promise<void>;
}

/** One server row: its System and its listen / send / HTTP servers. */
export class RowRuntime {
  readonly system: System;
  readonly ports: RowPorts = {};
  /** Resolves once the row has stopped (by `close()` or `$system_stop%%%%%`). */
  readonly closed: Promise<void>;
  private readonly servers: Closeable[] = [];
  private readonly log: Logger;
  private closing: Promise<void> | undefined;
  private resolveClosed!: () => void;

  constructor(
    readonly module: SimulatorModule,
    readonly row: ServerRow,
    readonly index: number,
    private readonly options: RowRuntimeOptions,
  ) {
    this.log = options.logger.child({ row: index });
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.system = module.createSystem({
      options: { ...row.options, ...options.overrides },
      clock: options.clock,
      logger: this.log,
      host: options.host,
    });
  }

  private port(base: number): number {
    return this.options.ephemeralPorts ? 0 : base + this.options.portOffset;
  }

  /** Binds every endpoint; on failure closes what was bound and rethrows (`AddressInUseError` for a busy port). */
  async start(): Promise<void> {
    try {
      const { row } = this;
      if (row.listen !== undefined) {
        this.ports.listen = row.transport === 'tcp' ? await this.startTcpListen(this.port(row.listen)) : await this.startUdpListen(this.port(row.listen));
      }
      if (row.send !== undefined) {
        this.ports.send = row.transport === 'tcp' ? await this.startTcpSend(this.port(row.send)) : await this.startUdpSend(this.port(row.send));
      }
      if (row.http !== undefined) this.ports.http = await this.startHttp(this.port(row.http));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** Closes the servers and their connections and disposes the System. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.servers.map((s) => s.close()));
      try {
        this.system.dispose?.();
      } catch (err) {
        this.log.error({ err }, 'dispose failed');
      }
      this.resolveClosed();
    })();
    return this.closing;
  }

  /** Runs a custom command body; schedules the shutdown for `system_stop`. */
  private custom(body: string, send: (reply: string | Uint8Array) => void): void {
    if (body === IDENTIFY_COMMAND) {
      send(identityReply(this.module.name));
      return;
    }
    const outcome = runCustomCommand(this.system, body, this.log);
    if (outcome.reply !== undefined) send(outcome.reply);
    if (outcome.shutdown) {
      const timer = setTimeout(() => void this.close(), STOP_DELAY_MS);
      timer.unref();
    }
  }

  private async startTcpListen(port: number): Promise<number> {
    const feeders = new WeakMap<TcpConnection, Feeder>();
    const feederOf = (connection: TcpConnection): Feeder => {
      let feeder = feeders.get(connection);
      if (!feeder) {
        feeder = new Feeder(this.system.createParser?.(), {
          reply: (bytes) => connection.send(bytes),
          customCommand: (body) => this.custom(body, (reply) => connection.send(reply)),
          logger: connection.logger,
          logLimiter: new LogLimiter(),
        });
        feeders.set(connection, feeder);
      }
      return feeder;
    };
    const server = new TcpServer({
      host: this.options.host,
      port,
      // Slices keep a flood's work per event-loop turn bounded (core's per-connection budget), so a junk
      // stream on one row never delays the ACU status stream or another client.
      framer: rawFramer({ maxChunkBytes: FEED_SLICE_BYTES }),
      closeGraceMs: CLOSE_GRACE_MS,
      backlog: this.options.backlog,
      logger: this.log,
      greeting: () => {
        const greeting = this.system.greet?.();
        return greeting !== undefined && greeting.length > 0 ? greeting : undefined;
      },
      onFrame: (chunk, connection) => feederOf(connection).feed(chunk),
    });
    server.on('error', (err) => this.log.debug({ err }, 'listen server error'));
    const address = await server.listen();
    this.servers.push(server);
    return address.port;
  }

  private async startUdpListen(port: number): Promise<number> {
    // One budget for the row: every datagram gets a fresh parser, so a per-feeder limit would not bound anything.
    const logLimiter = new LogLimiter();
    const server = new UdpServer({
      host: this.options.host,
      port,
      logger: this.log,
      onMessage: (message) => {
        const replies: Array<string | Uint8Array> = [];
        const feeder = new Feeder(this.system.createParser?.(), {
          reply: (bytes) => replies.push(bytes),
          customCommand: (body) => this.custom(body, (reply) => replies.push(reply)),
          logger: this.log,
          logLimiter,
        });
        // Datagrams carry no terminator: the reference appends one.
        const pending = feeder.feed(Buffer.concat([message, UDP_NEWLINE]));
        return pending ? pending.then(() => replies) : replies;
      },
    });
    const address = await server.listen();
    this.servers.push(server);
    return address.port;
  }

  private async startTcpSend(port: number): Promise<number> {
    const sinks = new WeakMap<TcpConnection, Sink>();
    const server = new TcpServer({
      host: this.options.host,
      port,
      framer: rawFramer(),
      closeGraceMs: CLOSE_GRACE_MS,
      backlog: this.options.backlog,
      logger: this.log,
      onConnection: (connection) => {
        let blocked = false;
        const pump = (sink: LatestSink): void => {
          while (!blocked) {
            const message = sink.take();
            if (!message) return;
            if (!connection.send(message)) {
              // Slow reader: keep only the newest message until the socket drains.
              blocked = true;
              connection.socket.once('drain', () => {
                blocked = false;
                pump(sink);
              });
            }
          }
        };
        const sink = new LatestSink(pump);
        sinks.set(connection, sink);
        this.system.subscribe?.(sink);
      },
      onDisconnect: (connection) => {
        const sink = sinks.get(connection);
        if (sink) this.system.unsubscribe?.(sink);
      },
      onFrame: (chunk, connection) => {
        // Send servers ignore input except whole custom commands.
        if (isWholeCustomCommand(chunk)) this.custom(chunk.toString('latin1', 1, chunk.length - CUSTOM_TAIL.length), (reply) => connection.send(reply));
      },
    });
    server.on('error', (err) => this.log.debug({ err }, 'send server error'));
    const address = await server.listen();
    this.servers.push(server);
    return address.port;
  }

  private async startUdpSend(port: number): Promise<number> {
    const waitMs = Math.max(1000, 10 * (this.system.samplingPeriodMs ?? 10));
    const server = new UdpServer({
      host: this.options.host,
      port,
      logger: this.log,
      onMessage: (message) => {
        if (isWholeCustomCommand(message)) {
          const replies: Array<string | Uint8Array> = [];
          this.custom(message.toString('latin1', 1, message.length - CUSTOM_TAIL.length), (reply) => replies.push(reply));
          return replies;
        }
        // One datagram in, the next message out.
        const sink = new LatestSink();
        this.system.subscribe?.(sink);
        return new Promise<Uint8Array | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), waitMs);
          timer.unref();
          void sink.next().then((m) => {
            clearTimeout(timer);
            resolve(m);
          });
        }).finally(() => this.system.unsubscribe?.(sink));
      },
    });
    const address = await server.listen();
    this.servers.push(server);
    return address.port;
  }

  private async startHttp(port: number): Promise<number> {
    const server: HttpServer = createHttpServer((request, response) => {
      if (this.system.handleHttp) this.system.handleHttp(request, response);
      else response.writeHead(404).end();
    });
    const address: AddressInfo = await listenOn(server, this.options.host, port);
    this.servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    return address.port;
  }
}
