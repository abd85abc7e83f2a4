import { hostname } from 'node:os';
import type { Logger } from '@observatory/core';
import { encodeIor } from '../ior/ior.js';
import { defineDeviceClass, type DeviceClassSpec } from '../server/device-class.js';
import { DeviceServer } from '../server/device-server.js';
import { databaseCommands } from './db-commands.js';
import { DbStore } from './db-store.js';

export interface DatabaseServerOptions {
  /** SQLite file; default in memory (lost at exit). */
  file?: string;
  /** Bind address (default 127.0.0.1). */
  host?: string;
  /** GIOP port (default 10000, Tango's conventional TANGO_HOST port; 0 picks a free one). */
  port?: number;
  logger?: Logger;
}

/** The `DataBase` device class served as `sys/database/2`. */
export function databaseDeviceClass(store: DbStore, csDbServers: () => string[]): DeviceClassSpec<null> {
  return defineDeviceClass<null>({
    name: 'DataBase',
    description: 'The Tango database device (embedded, SQLite)',
    initialState: 'ON',
    create: () => null,
    attributes: [
      // cppTango device servers read it at start to pick their startup path (T-DB-1).
      { name: 'StoredProcedureRelease', type: 'DevString', read: () => 'release 1.13' },
      { name: 'Timing_info', type: 'DevString', format: 'SPECTRUM', maxDimX: 64, read: () => [] },
    ],
    commands: databaseCommands(store, { csDbServers }).map((c) => ({
      name: c.name,
      in: c.in,
      out: c.out,
      run: (_d: null, argin: unknown) => c.run(argin),
    })),
  });
}

/**
 * An embedded Tango database: `sys/database/2` on the corbaloc key `database`, so `TANGO_HOST=<host>:<port>`
 * works for cppTango device servers, PyTango, tango_admin and our client, with no MariaDB.
 */
export class DatabaseServer {
  readonly store: DbStore;
  private server: DeviceServer | undefined;
  private closed = false;

  constructor(private readonly options: DatabaseServerOptions = {}) {
    this.store = new DbStore(options.file ?? ':memory:');
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  /** `host:port` to put in TANGO_HOST. */
  get tangoHost(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  async start(): Promise<{ port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const server = new DeviceServer({
      executable: 'DataBaseds',
      instance: '2',
      host,
      port: this.options.port ?? 10000,
      devices: [{ deviceClass: databaseDeviceClass(this.store, () => [this.tangoHost]), name: 'sys/database/2' }],
      keyAliases: { database: 'sys/database/2' },
      logger: this.options.logger,
    });
    this.server = server;
    const { port } = await server.start();
    // The database declares and exports itself, as DataBaseds does (clients may import sys/database/2).
    const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
    for (const name of ['sys/database/2', 'dserver/DataBaseds/2']) {
      this.store.addDevice('DataBaseds/2', name, name.startsWith('sys') ? 'DataBase' : 'DServer');
      this.store.exportDevice(name, encodeIor({ host, port, objectKey: name.toLowerCase() }), hostname(), process.pid, '5', now);
    }
    return { port };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.server?.close();
    this.store.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
