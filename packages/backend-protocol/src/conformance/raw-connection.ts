import { connect, type Socket } from 'node:net';

/**
 * A bare TCP connection for conformance checks: exact bytes in, CRLF-terminated lines out, and
 * close detection. Independent of this package's client on purpose.
 */
export class RawConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiters: Array<() => void> = [];
  private closing: Promise<void> | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.wake();
    });
    socket.on('error', () => {
      // ECONNRESET and the like show up as a close.
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  static open(host: string, port: number, timeoutMs = 5000): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawConnection(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Bytes received and not yet read as lines. */
  get buffered(): Buffer {
    return this.buffer;
  }

  /** True once the server ended or closed the connection. */
  get closed(): boolean {
    return this.ended;
  }

  /** Writes bytes; strings are latin-1. Resolves when handed to the kernel. */
  write(bytes: Buffer | string): Promise<void> {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Half-closes our side (SHUT_WR). */
  end(): void {
    this.socket.end();
  }

  /** Next CRLF-terminated line (latin-1, CRLF removed). Rejects on timeout or when the connection closes first. */
  async readLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf('\r\n');
      if (at >= 0) {
        const line = this.buffer.toString('latin1', 0, at);
        this.buffer = this.buffer.subarray(at + 2);
        return line;
      }
      if (this.ended) {
        throw new Error(`connection closed while waiting for a line (pending ${JSON.stringify(this.buffer.toString('latin1'))})`);
      }
      await this.waitForEvent(deadline, 'a line');
    }
  }

  /** Resolves once the server has closed (ended) the connection. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) await this.waitForEvent(deadline, 'the connection to close');
  }

  /** Destroys the socket and waits for it to close. Idempotent: later calls return the first call's promise. */
  close(): Promise<void> {
    this.closing ??= this.socket.destroyed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.socket.once('close', () => resolve());
          this.socket.destroy();
        });
    return this.closing;
  }

  /** Same as `close()` (kept for existing callers). */
  destroy(): Promise<void> {
    return this.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private waitForEvent(deadline: number, what: string): Promise<void> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return Promise.reject(new Error(`timed out waiting for ${what} (pending ${JSON.stringify(this.buffer.toString('latin1'))})`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new Error(`timed out waiting for ${what} (pending ${JSON.stringify(this.buffer.toString('latin1'))})`));
      }, remaining);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }
}
