import type { Logger } from '@observatory/core';
import { ConnectionPool } from '../giop/pool.js';
import type { DevSource } from '../idl/enums.js';
import { Database } from './database.js';
import { DeviceProxy } from './device-proxy.js';
import { parseTangoName, resolveTangoHost, type HostPort } from './names.js';

export interface TangoClientOptions {
  /** `host:port[,host:port]`; default TANGO_HOST (environment, ~/.tangorc, /etc/tangorc). */
  tangoHost?: string;
  /** Default per-call timeout (3000 ms). */
  timeoutMs?: number;
  source?: DevSource;
  /** Close idle connections after this long (default 120 s). */
  idleTimeoutMs?: number;
  logger?: Logger;
}

/**
 * Entry point sharing one connection pool and database client between device proxies, so every device of
 * a server uses one TCP connection (T-GIOP-4). `close()` closes them all.
 */
export class TangoClient {
  readonly pool: ConnectionPool;
  private readonly databases = new Map<string, Database>();
  private readonly proxies = new Map<string, DeviceProxy>();
  private readonly tangoHost: HostPort[] | undefined;

  constructor(private readonly options: TangoClientOptions = {}) {
    this.pool = new ConnectionPool({ idleTimeoutMs: options.idleTimeoutMs, logger: options.logger });
    this.tangoHost = options.tangoHost ? undefined : resolveTangoHost();
    if (options.tangoHost) this.tangoHost = options.tangoHost.split(',').map((s) => ({ host: s.split(':')[0]!, port: Number(s.split(':')[1]) }));
  }

  /** The database client for `hosts` (default: the client's TANGO_HOST). */
  database(hosts?: HostPort[]): Database {
    const list = hosts ?? this.tangoHost;
    const key = list?.map((h) => `${h.host}:${h.port}`).join(',') ?? '';
    let db = this.databases.get(key);
    if (!db) {
      db = new Database({ tangoHost: list, pool: this.pool, timeoutMs: this.options.timeoutMs, logger: this.options.logger });
      this.databases.set(key, db);
    }
    return db;
  }

  /** A (cached) proxy for a device name (`d/f/m`, `tango://h:p/d/f/m`, `...#dbase=no`). */
  device(name: string): DeviceProxy {
    const parsed = parseTangoName(name, 'none');
    const key = `${parsed.host ? `${parsed.host.host}:${parsed.host.port}/` : ''}${parsed.device}${parsed.nodb ? '#nodb' : ''}`;
    let proxy = this.proxies.get(key);
    if (!proxy) {
      const database = parsed.nodb ? undefined : this.database(parsed.host ? [parsed.host] : undefined);
      proxy = new DeviceProxy(name, { pool: this.pool, database, timeoutMs: this.options.timeoutMs, source: this.options.source, logger: this.options.logger });
      this.proxies.set(key, proxy);
    }
    return proxy;
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
    this.proxies.clear();
    await this.pool.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
