import type { Logger } from '@observatory/core';
import { TangoClosedError } from '../errors/tango-errors.js';
import { GiopConnection } from './connection.js';

export interface ConnectionPoolOptions {
  /** Close a connection with no call in flight after this long. Default 120 000 ms (omniORB's client idle). */
  idleTimeoutMs?: number;
  /** Least time between two connection attempts to one endpoint after a failure (cppTango: 1000 ms). */
  reconnectDelayMs?: number;
  connectTimeoutMs?: number;
  maxMessageBytes?: number;
  logger?: Logger;
}

interface Entry {
  connection: Promise<GiopConnection>;
  /** Set once connected: calls then skip a promise hop. */
  open?: GiopConnection;
  idleTimer?: NodeJS.Timeout;
}

/**
 * One GIOP connection per server endpoint (host:port), shared by every device of that server (T-GIOP-4).
 * Opens lazily, closes idle connections, replaces broken ones on the next call and spaces reconnection
 * attempts after a failure.
 */
export class ConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly lastFailure = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: ConnectionPoolOptions = {}) {}

  get size(): number {
    return this.entries.size;
  }

  /** The connected connection to host:port if there is one (no promise: the per-call fast path). */
  openConnection(host: string, port: number): GiopConnection | undefined {
    if (this.closed) return undefined;
    const c = this.entries.get(`${host}:${port}`)?.open;
    return c?.isOpen ? c : undefined;
  }

  /** The open connection to host:port, opening one if needed. */
  get(host: string, port: number): Promise<GiopConnection> {
    if (this.closed) return Promise.reject(new TangoClosedError('connection pool'));
    const key = `${host}:${port}`;
    const existing = this.entries.get(key);
    if (existing) return existing.connection;
    const entry: Entry = { connection: this.open(key, host, port) };
    this.entries.set(key, entry);
    entry.connection.then(
      (c) => {
        entry.open = c;
        c.on('close', () => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          clearTimeout(entry.idleTimer);
        });
        this.armIdle(entry, c, this.options.idleTimeoutMs ?? 120_000);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.connection;
  }

  private async open(key: string, host: string, port: number): Promise<GiopConnection> {
    const last = this.lastFailure.get(key);
    const delay = this.options.reconnectDelayMs ?? 1000;
    if (last !== undefined) {
      const wait = last + delay - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const c = new GiopConnection({ host, port, connectTimeoutMs: this.options.connectTimeoutMs, maxMessageBytes: this.options.maxMessageBytes, logger: this.options.logger });
    try {
      await c.connect();
      this.lastFailure.delete(key);
      return c;
    } catch (err) {
      this.lastFailure.set(key, Date.now());
      throw err;
    }
  }

  /** One timer per connection, re-armed from its last activity (not per call: calls stay timer-free). */
  private armIdle(entry: Entry, c: GiopConnection, delayMs: number): void {
    const idle = this.options.idleTimeoutMs ?? 120_000;
    entry.idleTimer = setTimeout(() => {
      const quiet = performance.now() - c.lastActivity;
      if (c.inFlight === 0 && quiet >= idle - 1) void c.close();
      else this.armIdle(entry, c, c.inFlight === 0 ? idle - quiet : idle);
    }, Math.max(1, delayMs));
    entry.idleTimer.unref();
  }

  /** Drops the connection to host:port (e.g. after repeated failures); the next call reconnects. */
  async drop(host: string, port: number): Promise<void> {
    const key = `${host}:${port}`;
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    clearTimeout(entry.idleTimer);
    await entry.connection.then((c) => c.close(), () => undefined);
  }

  /** Closes every connection. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      all.map(async (e) => {
        clearTimeout(e.idleTimer);
        await e.connection.then((c) => c.close(), () => undefined);
      }),
    );
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
