import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { componentLogger, listenOn, type Logger } from '@observatory/core';
import type { CdrReader } from '../cdr/reader.js';
import type { CdrWriter } from '../cdr/writer.js';
import { CdrDecodeError, CdrEncodeError, GiopProtocolError } from '../errors/tango-errors.js';
import { DEFAULT_MAX_MESSAGE_BYTES, LocateStatus, ReplyStatus } from '../giop/constants.js';
import {
  decodeMessage,
  encodeCloseConnection,
  encodeLocateReply,
  encodeMessageError,
  encodeReply,
  encodeSystemExceptionReply,
  systemExceptionId,
  type GiopMinor,
  type RequestMessage,
} from '../giop/messages.js';
import { GiopStreamDecoder } from '../giop/stream-decoder.js';

/** What a servant answers: a normal result, a user exception (DevFailed…) or a CORBA system exception. */
export type ServantReply =
  | { kind: 'ok'; write?: (w: CdrWriter) => void; sizeHint?: number }
  | { kind: 'user'; write: (w: CdrWriter) => void }
  | { kind: 'system'; name: string; minor?: number; completed?: 'COMPLETED_YES' | 'COMPLETED_NO' | 'COMPLETED_MAYBE' };

/** An object served over GIOP (a device, the admin device, the database). */
export interface Servant {
  /** Handles one request; `args` is positioned at the first argument. May be async. */
  invoke(operation: string, args: CdrReader, request: RequestInfo): ServantReply | Promise<ServantReply>;
}

export interface RequestInfo {
  minor: GiopMinor;
  requestId: number;
  objectKey: Buffer;
  connectionId: number;
  remote: string;
}

export interface GiopServerOptions {
  /** Bind address; default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Finds the servant for an object key; undefined answers OBJECT_NOT_EXIST. */
  resolve(objectKey: Buffer): Servant | undefined;
  /** Default 256 MiB (cppTango's MAX_TRANSFER_SIZE). */
  maxMessageBytes?: number;
  /** Requests processed at once per connection; reading pauses beyond it. Default 64. */
  maxInFlightPerConnection?: number;
  /** Unanswered bytes queued per connection before reading pauses (slow readers). Default 64 MiB. */
  maxQueuedReplyBytes?: number;
  /** How long close() waits for connections before destroying them. Default 1000 ms. */
  closeGraceMs?: number;
  logger?: Logger;
}

interface Conn {
  id: number;
  socket: Socket;
  decoder: GiopStreamDecoder;
  inFlight: number;
  paused: boolean;
  closed: boolean;
  remote: string;
}

export interface GiopServerEvents {
  connection: [number];
  disconnect: [number];
}

/**
 * A GIOP server: accepts GIOP 1.0/1.1/1.2 requests (fragments reassembled), answers each in the version
 * it came in, handles LocateRequest, CancelRequest, CloseConnection and garbage (MessageError, then close).
 * Requests on one connection run concurrently (replies are matched by id); one connection's bad input
 * never affects another.
 */
export class GiopServer extends EventEmitter<GiopServerEvents> {
  private readonly server: Server;
  private readonly conns = new Map<number, Conn>();
  private readonly log: Logger;
  private nextId = 1;
  private bound: AddressInfo | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: GiopServerOptions) {
    super();
    this.log = componentLogger(options.logger, 'giop-server');
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => this.log.error({ err }, 'server error'));
  }

  async listen(): Promise<AddressInfo> {
    this.bound = await listenOn(this.server, this.options.host ?? '127.0.0.1', this.options.port ?? 0);
    return this.bound;
  }

  address(): AddressInfo {
    if (!this.bound) throw new Error('GIOP server is not listening');
    return this.bound;
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  /** Stops accepting, sends CloseConnection to every client (as cppTango does at shutdown) and waits. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const all = [...this.conns.values()].map((c) => new Promise<void>((done) => (c.closed ? done() : c.socket.once('close', () => done()))));
      const serverClosed = new Promise<void>((done) => this.server.close(() => done()));
      for (const c of this.conns.values()) {
        if (!c.socket.destroyed) c.socket.end(encodeCloseConnection(2));
      }
      const timer = setTimeout(() => {
        for (const c of this.conns.values()) c.socket.destroy();
      }, this.options.closeGraceMs ?? 1000);
      timer.unref();
      void Promise.all([serverClosed, ...all]).then(() => {
        clearTimeout(timer);
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
    const conn: Conn = {
      id: this.nextId++,
      socket,
      decoder: new GiopStreamDecoder({ maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES }),
      inFlight: 0,
      paused: false,
      closed: false,
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
    };
    this.conns.set(conn.id, conn);
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('drain', () => this.maybeResume(conn));
    socket.on('error', (err: NodeJS.ErrnoException) => this.log.debug({ err, connection: conn.id }, 'connection error'));
    socket.on('close', () => {
      conn.closed = true;
      conn.decoder.reset();
      this.conns.delete(conn.id);
      this.emit('disconnect', conn.id);
    });
    this.emit('connection', conn.id);
  }

  private onData(conn: Conn, chunk: Buffer): void {
    try {
      conn.decoder.push(chunk, (message) => this.onMessage(conn, message));
    } catch (err) {
      this.protocolError(conn, err);
    }
  }

  private protocolError(conn: Conn, err: unknown): void {
    this.log.debug({ err, connection: conn.id }, 'bad GIOP input; MessageError and close');
    if (!conn.socket.destroyed) conn.socket.end(encodeMessageError(2));
    conn.decoder.reset();
    conn.closed = true;
  }

  private onMessage(conn: Conn, message: Buffer): void {
    if (conn.closed) return;
    let m;
    try {
      m = decodeMessage(message);
    } catch (err) {
      // A Request whose header parsed but whose fixed part is garbage: MARSHAL if we know its id, else MessageError.
      return this.protocolError(conn, err);
    }
    switch (m.type) {
      case 'Request':
        return this.onRequest(conn, m);
      case 'LocateRequest': {
        const here = m.addressing !== 0 || this.options.resolve(m.objectKey) !== undefined;
        this.send(conn, encodeLocateReply(m.minor, m.requestId, here ? LocateStatus.OBJECT_HERE : LocateStatus.UNKNOWN_OBJECT));
        return;
      }
      case 'CancelRequest':
        return; // replies are cheap; the client drops a late one
      case 'CloseConnection':
        conn.closed = true;
        conn.socket.end();
        return;
      case 'MessageError':
        conn.closed = true;
        conn.socket.destroy();
        return;
      default:
        // Replies and LocateReplies are not for a server.
        return this.protocolError(conn, new GiopProtocolError(`unexpected ${m.type} message from a client`));
    }
  }

  private onRequest(conn: Conn, m: RequestMessage): void {
    const info: RequestInfo = { minor: m.minor, requestId: m.requestId, objectKey: m.objectKey, connectionId: conn.id, remote: conn.remote };
    if (m.addressing !== 0) {
      // ProfileAddr/ReferenceAddr: ask for KeyAddr.
      if (m.responseExpected) this.send(conn, encodeReply({ minor: m.minor, requestId: m.requestId, replyStatus: ReplyStatus.NEEDS_ADDRESSING_MODE, body: (w) => w.short(0) }));
      return;
    }
    const servant = this.options.resolve(m.objectKey);
    if (!servant) {
      if (m.responseExpected) {
        this.send(conn, encodeSystemExceptionReply(m.minor, m.requestId, { repositoryId: systemExceptionId('OBJECT_NOT_EXIST'), minor: 0x4f4d0001, completed: 'COMPLETED_NO' }));
      }
      return;
    }
    conn.inFlight++;
    this.maybePause(conn);
    let result: ServantReply | Promise<ServantReply>;
    try {
      result = servant.invoke(m.operation, m.body, info);
    } catch (err) {
      result = internalError(err);
    }
    const finish = (reply: ServantReply): void => {
      conn.inFlight--;
      if (m.responseExpected && !conn.closed) this.send(conn, this.encode(m, reply));
      this.maybeResume(conn);
    };
    if (result instanceof Promise) {
      result.then(finish, (err: unknown) => finish(internalError(err)));
    } else finish(result);
  }

  private encode(m: RequestMessage, reply: ServantReply): Buffer {
    try {
      if (reply.kind === 'system') {
        return encodeSystemExceptionReply(m.minor, m.requestId, {
          repositoryId: systemExceptionId(reply.name),
          minor: reply.minor ?? 0,
          completed: reply.completed ?? 'COMPLETED_NO',
        });
      }
      return encodeReply({
        minor: m.minor,
        requestId: m.requestId,
        replyStatus: reply.kind === 'ok' ? ReplyStatus.NO_EXCEPTION : ReplyStatus.USER_EXCEPTION,
        body: reply.write,
        sizeHint: reply.kind === 'ok' ? reply.sizeHint : undefined,
      });
    } catch (err) {
      // An encoder refused a value the device produced (e.g. a non-Latin-1 string): a typed failure, not a crash.
      this.log.warn({ err, operation: m.operation }, 'reply encoding failed');
      const name = err instanceof CdrEncodeError ? 'MARSHAL' : 'UNKNOWN';
      return encodeSystemExceptionReply(m.minor, m.requestId, { repositoryId: systemExceptionId(name), minor: 0, completed: 'COMPLETED_MAYBE' });
    }
  }

  private send(conn: Conn, bytes: Buffer): void {
    if (conn.socket.destroyed || conn.socket.writableEnded) return;
    conn.socket.write(bytes);
    this.maybePause(conn);
  }

  private maybePause(conn: Conn): void {
    const limit = this.options.maxInFlightPerConnection ?? 64;
    const queued = conn.socket.writableLength;
    if (!conn.paused && (conn.inFlight >= limit || queued > (this.options.maxQueuedReplyBytes ?? 64 * 1024 * 1024))) {
      conn.paused = true;
      conn.socket.pause();
    }
  }

  private maybeResume(conn: Conn): void {
    const limit = this.options.maxInFlightPerConnection ?? 64;
    if (conn.paused && conn.inFlight < limit && conn.socket.writableLength <= (this.options.maxQueuedReplyBytes ?? 64 * 1024 * 1024)) {
      conn.paused = false;
      conn.socket.resume();
    }
  }
}

function internalError(err: unknown): ServantReply {
  if (err instanceof CdrDecodeError) return { kind: 'system', name: 'MARSHAL', completed: 'COMPLETED_NO' };
  return { kind: 'system', name: 'UNKNOWN', completed: 'COMPLETED_MAYBE' };
}
