import { EventEmitter } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { componentLogger, type Logger } from '@observatory/core';
import type { CdrWriter } from '../cdr/writer.js';
import { GiopProtocolError, TangoClosedError, TangoConnectionError, TangoTimeoutError, TangoError } from '../errors/tango-errors.js';
import { CODE_SETS_CONTEXT_DATA, SERVICE_CONTEXT_CODE_SETS } from './constants.js';
import { decodeMessage, encodeCloseConnection, encodeMessageError, encodeRequest, type GiopMinor, type ReplyMessage, type ServiceContext } from './messages.js';
import { DeadlineQueue } from './deadlines.js';
import { GiopStreamDecoder } from './stream-decoder.js';

/** Per-connection receive buffer (a larger reply arrives in several reads and is reassembled). */
const READ_BUFFER_BYTES = 64 * 1024;

export interface GiopConnectionOptions {
  host: string;
  port: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Default 256 MiB. */
  maxMessageBytes?: number;
  /** Consecutive timeouts after which the connection is considered dead and closed. Default 3. */
  maxConsecutiveTimeouts?: number;
  logger?: Logger;
}

export interface GiopCallOptions {
  objectKey: Uint8Array;
  operation: string;
  /** Writes the arguments. */
  body?: (w: CdrWriter) => void;
  /** The arguments already encoded at an 8-aligned offset (GIOP 1.2 only), instead of `body`. */
  bodyBytes?: Uint8Array;
  /** With `bodyBytes`: changes the message's copy of them in place (`offset` = where they start). */
  patchBody?: (message: Buffer, offset: number) => void;
  /** Default 3000 ms. */
  timeoutMs?: number;
  /** Default true. A oneway call resolves `undefined` once written. */
  responseExpected?: boolean;
  /** Name used in timeout/connection errors (device name). */
  target?: string;
  /** GIOP minor version to send (default 2). */
  minor?: GiopMinor;
  sizeHint?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Turns the reply into the call's value (may throw: the call then fails with that error). */
  decode: ((reply: ReplyMessage) => unknown) | undefined;
  /** When set, a failed call resolves with what this returns instead of rejecting. */
  recover: ((error: unknown) => unknown) | undefined;
  target: string | undefined;
  timeoutMs: number;
}

export interface GiopConnectionEvents {
  /** The connection is gone (peer close, CloseConnection, error, close()). */
  close: [Error | undefined];
  /** The number of calls in flight dropped to zero. */
  idle: [];
}

/**
 * One client-side GIOP connection to a server endpoint. Many calls may be in flight: each gets a
 * per-connection request id and its reply is matched by id (T-GIOP-4), so replies may come in any order.
 */
export class GiopConnection extends EventEmitter<GiopConnectionEvents> {
  readonly host: string;
  readonly port: number;
  private socket: Socket | undefined;
  /** The socket reads into this buffer (reused: what is kept is copied out). */
  private readonly readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private readonly decoder: GiopStreamDecoder;
  private readonly pending = new Map<number, Pending>();
  private readonly deadlines = new DeadlineQueue<number>((id) => this.expire(id));
  /** Messages written in this tick, flushed together (one syscall for a burst of pipelined calls). */
  private outbox: Buffer[] = [];
  private nextId = 1;
  /** performance.now() of the last call or reply (the pool closes connections idle for long). */
  lastActivity = performance.now();
  private sentCodeSets = false;
  private consecutiveTimeouts = 0;
  private closedWith: Error | undefined;
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly options: GiopConnectionOptions) {
    super();
    this.host = options.host;
    this.port = options.port;
    this.decoder = new GiopStreamDecoder({ maxMessageBytes: options.maxMessageBytes });
    this.log = componentLogger(options.logger, 'giop-connection');
  }

  get endpoint(): string {
    return `${this.host}:${this.port}`;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get isOpen(): boolean {
    return !this.closed && this.socket !== undefined;
  }

  /** Opens the TCP connection; rejects with `TangoConnectionError` (refused, unreachable, timeout). */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new TangoClosedError('connection'));
    const timeoutMs = this.options.connectTimeoutMs ?? 3000;
    return new Promise<void>((resolve, reject) => {
      // Replies are read into one reusable buffer (`onread`): no readable-stream bookkeeping per reply, which on a
      // loopback round trip costs as much as decoding it. The decoder copies what it keeps (below).
      const socket = netConnect({
        host: this.host,
        port: this.port,
        noDelay: true,
        onread: { buffer: this.readBuffer, callback: (n: number) => this.onRead(n) },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TangoConnectionError(this.endpoint, `could not connect to ${this.endpoint} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onError = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new TangoConnectionError(this.endpoint, `cannot connect to ${this.endpoint}: ${err.message}`, { cause: err }));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        if (this.closed) {
          socket.destroy();
          reject(new TangoClosedError('connection'));
          return;
        }
        // TCP self-connect: a loopback port nobody listens on can be picked as our own ephemeral port, and the
        // socket then talks to itself (and keeps the port from a restarting server). Treat it as refused.
        if (socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress) {
          socket.destroy();
          reject(new TangoConnectionError(this.endpoint, `cannot connect to ${this.endpoint}: nothing listens there (self-connect)`));
          return;
        }
        this.socket = socket;
        socket.on('error', (err) => this.fail(new TangoConnectionError(this.endpoint, `connection to ${this.endpoint} failed: ${err.message}`, { cause: err })));
        socket.on('close', () => this.fail(new TangoConnectionError(this.endpoint, `connection to ${this.endpoint} closed by the server`)));
        resolve();
      });
    });
  }

  /** Sends a request and resolves with its reply (any reply status; callers map exceptions). */
  call(o: GiopCallOptions): Promise<ReplyMessage> {
    return this.request(o, undefined);
  }

  /**
   * Sends a request and resolves with `decode(reply)` (rejects with what `decode` throws). Decoding as the reply
   * arrives saves a promise per call over `call(...).then(decode)` on the per-call path. With `recover`, a failed
   * call (error reply mapped by `decode`, timeout, lost connection) resolves with `recover(error)` instead of
   * rejecting: the caller's fallback without the extra promise of a `.catch` on every call.
   */
  request<T>(o: GiopCallOptions, decode: ((reply: ReplyMessage) => T) | undefined, recover?: (error: unknown) => T | Promise<T>): Promise<T> {
    const socket = this.socket;
    if (this.closed || !socket) {
      const failed = Promise.reject(this.closedWith ?? new TangoConnectionError(this.endpoint, `not connected to ${this.endpoint}`, { retryable: true }));
      return recover ? failed.catch(recover) : failed;
    }
    const requestId = this.nextId;
    this.nextId = this.nextId >= 0xfffffffe ? 1 : this.nextId + 1;
    const minor = o.minor ?? 2;
    let contexts: ServiceContext[] | undefined;
    if (minor === 2 && !this.sentCodeSets) {
      contexts = [{ id: SERVICE_CONTEXT_CODE_SETS, data: CODE_SETS_CONTEXT_DATA }];
      this.sentCodeSets = true;
    }
    const message = encodeRequest({
      minor,
      requestId,
      responseExpected: o.responseExpected ?? true,
      objectKey: o.objectKey,
      operation: o.operation,
      serviceContexts: contexts,
      body: o.body,
      bodyBytes: o.bodyBytes,
      sizeHint: o.sizeHint,
    });
    if (o.bodyBytes && o.patchBody) o.patchBody(message, message.length - o.bodyBytes.length);
    if (o.responseExpected === false) {
      this.send(socket, message);
      return Promise.resolve(undefined as T);
    }
    const timeoutMs = o.timeoutMs ?? 3000;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject, decode, recover, target: o.target, timeoutMs });
      this.deadlines.add(requestId, timeoutMs);
      this.send(socket, message);
    });
  }

  private expire(requestId: number): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    // A late reply is dropped (no pending entry); ids stay unique, so the connection is kept.
    this.pending.delete(requestId);
    settleFailure(entry, new TangoTimeoutError(entry.target ?? this.endpoint, entry.timeoutMs));
    if (++this.consecutiveTimeouts >= (this.options.maxConsecutiveTimeouts ?? 3)) {
      this.fail(new TangoConnectionError(this.endpoint, `connection to ${this.endpoint} closed after ${this.consecutiveTimeouts} consecutive timeouts`));
    }
  }

  /**
   * Requests issued in the same tick leave in one write (one syscall): the first queues a flush for the end of
   * the tick (after pending microtasks), so pipelined calls issued from resolved promises join it.
   */
  private send(socket: Socket, message: Buffer): void {
    // A lone call (nothing queued, nothing else in flight) leaves at once: sequential callers skip the tick.
    if (this.outbox.length === 0 && this.pending.size <= 1) {
      if (!socket.destroyed && !socket.writableEnded) socket.write(message);
      return;
    }
    this.outbox.push(message);
    if (this.outbox.length === 1) process.nextTick(() => this.flush(socket));
  }

  private flush(socket: Socket): void {
    const out = this.outbox;
    this.outbox = [];
    if (socket.destroyed || socket.writableEnded || out.length === 0) return;
    if (out.length === 1) {
      socket.write(out[0]!);
      return;
    }
    let total = 0;
    for (const m of out) total += m.length;
    if (total <= 65536) {
      socket.write(Buffer.concat(out, total));
      return;
    }
    // Large messages are not copied: corked writes leave as one writev.
    socket.cork();
    for (const m of out) socket.write(m);
    socket.uncork();
  }

  /** Returns true: keep reading (false would pause the socket). */
  private onRead(n: number): boolean {
    // The read buffer is reused for the next read: copy the bytes out (one small pooled allocation).
    const chunk = Buffer.allocUnsafe(n);
    this.readBuffer.copy(chunk, 0, 0, n);
    this.onData(chunk);
    return true;
  }

  private onData(chunk: Buffer): void {
    try {
      this.decoder.push(chunk, (m) => this.onMessage(m));
    } catch (err) {
      const error = err instanceof TangoError ? err : new GiopProtocolError(String(err));
      this.log.warn({ err: error }, 'undecodable GIOP stream from server');
      this.socket?.write(encodeMessageError(2));
      this.fail(new TangoConnectionError(this.endpoint, `protocol error from ${this.endpoint}: ${error.message}`, { cause: error }));
    }
  }

  private onMessage(buf: Buffer): void {
    const type = buf[7];
    if (type === 5) {
      // CloseConnection: the server did not and will not process what is pending; callers may retry.
      this.fail(new TangoConnectionError(this.endpoint, `${this.endpoint} closed the connection (CloseConnection)`, { retryable: true, reason: 'API_CommunicationFailed' }));
      return;
    }
    if (type === 6) {
      this.fail(new TangoConnectionError(this.endpoint, `${this.endpoint} answered MessageError`, { reason: 'API_CommunicationFailed' }));
      return;
    }
    if (type !== 1) {
      this.log.debug({ type }, 'ignoring unexpected GIOP message type');
      return;
    }
    let reply: ReplyMessage;
    try {
      reply = decodeMessage(buf) as ReplyMessage;
    } catch (err) {
      // A reply whose header cannot be read cannot be matched to its call: the stream is unusable.
      this.fail(new TangoConnectionError(this.endpoint, `undecodable reply from ${this.endpoint}`, { cause: err }));
      return;
    }
    const entry = this.pending.get(reply.requestId);
    if (!entry) return; // timed out earlier: drop the late reply
    this.pending.delete(reply.requestId);
    this.deadlines.delete(reply.requestId);
    this.lastActivity = performance.now();
    this.consecutiveTimeouts = 0;
    if (entry.decode) {
      let value: unknown;
      try {
        value = entry.decode(reply);
      } catch (err) {
        settleFailure(entry, err);
        if (this.pending.size === 0) this.emit('idle');
        return;
      }
      entry.resolve(value);
    } else entry.resolve(reply);
    if (this.pending.size === 0) this.emit('idle');
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = error;
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.deadlines.clear();
    this.outbox = [];
    for (const [, entry] of this.pending) settleFailure(entry, error);
    this.pending.clear();
    this.decoder.reset();
    this.emit('close', error);
  }

  /** Sends CloseConnection (GIOP 1.2, T-GIOP-3) and closes; pending calls fail as retryable. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.end(encodeCloseConnection(2), () => resolve());
        setTimeout(resolve, 200).unref();
      });
    }
    this.fail(new TangoConnectionError(this.endpoint, `connection to ${this.endpoint} was closed by the client`, { retryable: true }));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Fails a call: its `recover` answers instead when it has one. The fallback runs in a later microtask, as a
 * `.catch` would: a connection that fails all its calls at once has finished failing (and its pool has forgotten
 * it) before a fallback looks for a connection to retry on.
 */
function settleFailure(entry: Pending, error: unknown): void {
  const recover = entry.recover;
  if (recover) entry.resolve(Promise.resolve().then(() => recover(error)));
  else entry.reject(error);
}
