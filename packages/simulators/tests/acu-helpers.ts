import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startSimulator, type RunningSimulator, type SimulatorModule, type StartSimulatorOptions } from '../src/framework/index.js';

/** A raw TCP client for binary protocols: write bytes, read exactly n bytes with a deadline. */
export class ByteStream {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.waiter?.();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<ByteStream> {
    const socket = connect({ port, host });
    await once(socket, 'connect', { signal: AbortSignal.timeout(2000) });
    socket.setNoDelay(true);
    return new ByteStream(socket);
  }

  write(bytes: Uint8Array | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Bytes received and not yet read. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Resolves with exactly `n` bytes, or rejects after `timeoutMs`. */
  async read(n: number, timeoutMs = 3000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length < n) {
      if (this.ended) throw new Error(`connection closed after ${this.buffer.length}/${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} bytes (have ${this.buffer.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return Buffer.from(out);
  }

  /** Reads up to and including `delimiter`. */
  async readUntil(delimiter: string, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.buffer.indexOf(delimiter, 0, 'latin1');
      if (at >= 0) return (await this.read(at + delimiter.length)).toString('latin1');
      if (this.ended) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${JSON.stringify(delimiter)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    const closed = once(this.socket, 'close');
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 500).unref();
    await closed;
  }
}

/** Starts only the given rows of a module on ephemeral ports (a fresh System each). */
export function startRows(module: SimulatorModule, rows: number[], options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const servers = rows.map((i) => {
    const row = module.servers[i];
    if (!row) throw new RangeError(`row ${i} does not exist`);
    return row;
  });
  return startSimulator({ ...module, servers }, { ephemeralPorts: true, ...options });
}

export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
