import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { EndedBeforeError, TestUtilsError, WaitTimeoutError } from './errors.js';

const DEFAULT_DEADLINE_MS = 3000;
/** How long close() lets the peer finish reading before cutting the connection. */
const CLOSE_GRACE_MS = 500;
/** A test that lets a peer stream more than this unread has a bug; fail loudly instead of growing memory. */
const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface TcpTestClientOptions {
  host?: string;
  /** Connect deadline (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Default deadline of every read (default 3000 ms). */
  readTimeoutMs?: number;
  /** Unread bytes beyond this destroy the socket (default 64 MiB). */
  maxBufferedBytes?: number;
}

const preview = (bytes: Buffer): string => JSON.stringify(bytes.subarray(0, 200).toString('latin1'));

/**
 * A raw TCP test client: writes bytes, buffers everything the peer sends, and reads exact byte counts, up to a
 * marker, or whole lines, each with a deadline. Bytes are latin-1 text where text is wanted (DISCOS protocols).
 */
export class TcpTestClient {
  private unread: Buffer = Buffer.alloc(0);
  private all = '';
  private waiters = new Set<() => void>();
  private ended_ = false;
  private closing: Promise<void> | undefined;
  /** Resolves when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: Socket,
    private readonly readTimeoutMs: number,
    maxBufferedBytes: number,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.unread = this.unread.length === 0 ? chunk : Buffer.concat([this.unread, chunk]);
      this.all += chunk.toString('latin1');
      if (this.unread.length > maxBufferedBytes) {
        socket.destroy(new TestUtilsError('TEST_BUFFER_FULL', `more than ${maxBufferedBytes} unread bytes`));
      }
      this.wake();
    });
    socket.on('close', () => {
      this.ended_ = true;
      this.wake();
    });
    // ECONNRESET and friends are normal in tests of misbehaving peers; 'close' follows.
    socket.on('error', () => undefined);
  }

  static async connect(port: number, options: TcpTestClientOptions = {}): Promise<TcpTestClient> {
    const socket = connect({ port, host: options.host ?? '127.0.0.1' });
    socket.setNoDelay(true);
    try {
      await once(socket, 'connect', { signal: AbortSignal.timeout(options.connectTimeoutMs ?? DEFAULT_DEADLINE_MS) });
    } catch (err) {
      socket.destroy();
      throw err;
    }
    return new TcpTestClient(socket, options.readTimeoutMs ?? DEFAULT_DEADLINE_MS, options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
  }

  /** Writes bytes; strings are sent as latin-1. */
  send(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Everything received so far (read or not), as latin-1 text. */
  received(): string {
    return this.all;
  }

  /** Bytes received and not yet read. */
  get pending(): Buffer {
    return this.unread;
  }

  /** Whether the connection has closed. */
  get ended(): boolean {
    return this.ended_;
  }

  /** Reads exactly `n` bytes. */
  async read(n: number, timeoutMs = this.readTimeoutMs): Promise<Buffer> {
    await this.waitUntil(() => this.unread.length >= n, `${n} bytes`, timeoutMs);
    return this.take(n);
  }

  /** Reads up to and including `marker`, returned as latin-1 text. */
  async readUntil(marker: string | Uint8Array, timeoutMs = this.readTimeoutMs): Promise<string> {
    const m = typeof marker === 'string' ? Buffer.from(marker, 'latin1') : Buffer.from(marker);
    await this.waitUntil(() => this.unread.includes(m), JSON.stringify(m.toString('latin1')), timeoutMs);
    return this.take(this.unread.indexOf(m) + m.length).toString('latin1');
  }

  /** Reads one line and returns it without its terminator (`\n`, and a `\r` before it). */
  async readLine(timeoutMs = this.readTimeoutMs): Promise<string> {
    return (await this.readUntil('\n', timeoutMs)).replace(/\r?\n$/, '');
  }

  /** Sends `request` and reads exactly `replyLength` bytes as latin-1 text. */
  async ask(request: string | Uint8Array, replyLength: number, timeoutMs = this.readTimeoutMs): Promise<string> {
    this.send(request);
    return (await this.read(replyLength, timeoutMs)).toString('latin1');
  }

  /** Resolves with everything received once that text satisfies `predicate` (also checked when the peer closes). */
  async until(predicate: (text: string) => boolean, timeoutMs = this.readTimeoutMs): Promise<string> {
    await this.waitUntil(() => predicate(this.all), 'received text to match', timeoutMs, true);
    return this.all;
  }

  /** Resolves when the peer has closed the connection. */
  async closedByPeer(timeoutMs = this.readTimeoutMs): Promise<void> {
    await this.waitUntil(() => this.ended_, 'close', timeoutMs, true);
  }

  /**
   * Ends our side and resolves once the socket has closed, so the peer has read everything sent (a peer that keeps
   * its side open is cut off after `CLOSE_GRACE_MS`); idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.socket.destroyed) {
        this.socket.end();
        const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
        await this.closed;
        clearTimeout(timer);
      }
      await this.closed;
    })();
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private take(n: number): Buffer {
    const out = Buffer.from(this.unread.subarray(0, n));
    this.unread = this.unread.subarray(n);
    return out;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private async waitUntil(done: () => boolean, what: string, timeoutMs: number, endedIsFinal = false): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.ended_) {
        if (endedIsFinal) throw new EndedBeforeError(what, `received ${preview(Buffer.from(this.all, 'latin1'))}`);
        throw new EndedBeforeError(what, `unread ${preview(this.unread)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(what, timeoutMs, `unread ${preview(this.unread)}`);
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
  }
}
