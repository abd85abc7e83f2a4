import type { Logger } from '@observatory/core';
import { DevFailedError, TangoConnectionError, TangoNameError } from '../errors/tango-errors.js';
import { ConnectionPool } from '../giop/pool.js';
import { CmdArgType } from '../idl/enums.js';
import { fromCommandAny, toCommandAny, type CommandInput, type CommandValue } from '../idl/command-any.js';
import type { DevVarLongStringArray } from '../idl/structs.js';
import { invoke, type ObjectTarget } from './invoke.js';
import { resolveTangoHost, parseTangoHost, type HostPort } from './names.js';

export interface DatabaseOptions {
  /** `host:port[,host:port]` or a parsed list; default TANGO_HOST (env, ~/.tangorc, /etc/tangorc). */
  tangoHost?: string | HostPort[];
  /** Share connections with proxies; a private pool is created (and closed by `close()`) otherwise. */
  pool?: ConnectionPool;
  /** Per-call timeout, default 3000 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

/** `DbImportDevice` result (T-DB-1). */
export interface ImportedDevice {
  name: string;
  ior: string;
  exported: boolean;
  pid: number;
  version: string;
  server: string;
  host: string;
  className: string;
}

export interface DeviceInfoRecord extends ImportedDevice {
  started: string;
  stopped: string;
}

export type PropertyValues = Record<string, string[]>;
export type PropertyInput = Record<string, string | number | readonly (string | number)[]>;

const DATABASE_KEY = Buffer.from('database', 'latin1');

/** Encodes `[object, n, name, nvalues, values...]` (T-DB-1). */
export function encodeProperties(object: string, props: PropertyInput): string[] {
  const out = [object, String(Object.keys(props).length)];
  for (const [name, value] of Object.entries(props)) {
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    out.push(name, String(values.length), ...values);
  }
  return out;
}

/** Decodes `[object, n, name, nvalues, values...]`; an empty property is `nvalues 0` then a `" "` placeholder. */
export function decodeProperties(list: readonly string[]): PropertyValues {
  const out: PropertyValues = {};
  const n = Number(list[1] ?? 0);
  let i = 2;
  for (let p = 0; p < n && i < list.length; p++) {
    const name = list[i++]!;
    const count = Number(list[i++] ?? 0);
    if (count === 0) {
      out[name] = [];
      if (list[i] === ' ') i++;
      continue;
    }
    out[name] = list.slice(i, i + count);
    i += count;
  }
  return out;
}

/**
 * Client of the Tango database device `sys/database/2`, reached by corbaloc key `database` at TANGO_HOST
 * (T-DB-1). With several hosts, a host that cannot be reached is skipped (failover in order).
 */
export class Database {
  readonly hosts: HostPort[];
  private readonly pool: ConnectionPool;
  private readonly ownPool: boolean;
  private readonly timeoutMs: number;
  private preferred = 0;

  constructor(options: DatabaseOptions = {}) {
    const hosts = typeof options.tangoHost === 'string' ? parseTangoHost(options.tangoHost) : (options.tangoHost ?? resolveTangoHost());
    if (!hosts?.length) throw new TangoNameError('no Tango database: set TANGO_HOST=host:port or use tango://host:port/... names');
    this.hosts = hosts;
    this.ownPool = !options.pool;
    this.pool = options.pool ?? new ConnectionPool({ logger: options.logger });
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  get name(): string {
    return `tango://${this.hosts.map((h) => `${h.host}:${h.port}`).join(',')}/sys/database/2`;
  }

  /** Runs any database command (`command_inout_4`), trying the hosts in order when one is unreachable. */
  async command(command: string, argType: number, arg?: CommandInput, options: { timeoutMs?: number } = {}): Promise<CommandValue> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.hosts.length; attempt++) {
      const index = (this.preferred + attempt) % this.hosts.length;
      const h = this.hosts[index]!;
      const target: ObjectTarget = { host: h.host, port: h.port, objectKey: DATABASE_KEY };
      try {
        const any = await invoke(this.pool, target, 'command_inout_4', { command, argin: toCommandAny(argType, arg ?? undefined), source: 'DEV', cl_ident: { CPP: process.pid } }, {
          timeoutMs: options.timeoutMs ?? this.timeoutMs,
          name: `sys/database/2 at ${h.host}:${h.port}`,
        });
        this.preferred = index;
        return fromCommandAny(any);
      } catch (err) {
        if (!(err instanceof TangoConnectionError)) throw err;
        lastError = err;
      }
    }
    throw lastError;
  }

  async importDevice(name: string): Promise<ImportedDevice> {
    const r = (await this.command('DbImportDevice', CmdArgType.DevString, name)) as DevVarLongStringArray;
    const s = r.svalue;
    return { name: s[0] ?? name, ior: s[1] ?? '', version: s[2] ?? '', server: s[3] ?? '', host: s[4] ?? '', className: s[5] ?? '', exported: r.lvalue[0] === 1, pid: r.lvalue[1] ?? 0 };
  }

  async getDeviceInfo(name: string): Promise<DeviceInfoRecord> {
    const r = (await this.command('DbGetDeviceInfo', CmdArgType.DevString, name)) as DevVarLongStringArray;
    const s = r.svalue;
    return {
      name: s[0] ?? name,
      ior: s[1] ?? '',
      version: s[2] ?? '',
      server: s[3] ?? '',
      host: s[4] ?? '',
      started: s[5] ?? '',
      stopped: s[6] ?? '',
      className: s[7] ?? '',
      exported: r.lvalue[0] === 1,
      pid: r.lvalue[1] ?? 0,
    };
  }

  private async strings(command: string, arg: string | string[]): Promise<string[]> {
    const type = typeof arg === 'string' ? CmdArgType.DevString : CmdArgType.DevVarStringArray;
    return (await this.command(command, type, arg)) as string[];
  }

  /** Free properties (`DbGetProperty`), e.g. `getProperty('CtrlSystem', ['Services'])`. */
  async getProperty(object: string, names: string[]): Promise<PropertyValues> {
    return decodeProperties(await this.strings('DbGetProperty', [object, ...names]));
  }
  async putProperty(object: string, props: PropertyInput): Promise<void> {
    await this.command('DbPutProperty', CmdArgType.DevVarStringArray, encodeProperties(object, props));
  }
  async deleteProperty(object: string, names: string[]): Promise<void> {
    await this.command('DbDeleteProperty', CmdArgType.DevVarStringArray, [object, ...names]);
  }

  async getDeviceProperty(device: string, names: string[]): Promise<PropertyValues> {
    return decodeProperties(await this.strings('DbGetDeviceProperty', [device, ...names]));
  }
  async putDeviceProperty(device: string, props: PropertyInput): Promise<void> {
    await this.command('DbPutDeviceProperty', CmdArgType.DevVarStringArray, encodeProperties(device, props));
  }
  async deleteDeviceProperty(device: string, names: string[]): Promise<void> {
    await this.command('DbDeleteDeviceProperty', CmdArgType.DevVarStringArray, [device, ...names]);
  }

  async getClassProperty(className: string, names: string[]): Promise<PropertyValues> {
    return decodeProperties(await this.strings('DbGetClassProperty', [className, ...names]));
  }
  async putClassProperty(className: string, props: PropertyInput): Promise<void> {
    await this.command('DbPutClassProperty', CmdArgType.DevVarStringArray, encodeProperties(className, props));
  }
  async deleteClassProperty(className: string, names: string[]): Promise<void> {
    await this.command('DbDeleteClassProperty', CmdArgType.DevVarStringArray, [className, ...names]);
  }

  /** Exported device names matching a pattern (`*` wildcards). */
  async getDeviceExportedList(pattern = '*'): Promise<string[]> {
    return this.strings('DbGetDeviceExportedList', pattern);
  }
  /** Every declared device matching a pattern, exported or not. */
  async getDeviceWideList(pattern = '*'): Promise<string[]> {
    return this.strings('DbGetDeviceWideList', pattern);
  }
  /** Server instances (`Exec/instance`) matching a pattern. */
  async getServerList(pattern = '*'): Promise<string[]> {
    return this.strings('DbGetServerList', pattern);
  }
  /** Devices of a class in a server: `DbGetDeviceList [server, class]`. */
  async getDeviceList(server: string, className: string): Promise<string[]> {
    return this.strings('DbGetDeviceList', [server, className]);
  }
  /** The database servers (`DbGetCSDbServerList`). */
  async getDatabaseServers(): Promise<string[]> {
    return (await this.command('DbGetCSDbServerList', CmdArgType.DevVoid)) as string[];
  }

  /** Declares a server and its devices (`DbAddServer [exec/inst, dev1, class1, ...]`); also creates `dserver/exec/inst`. */
  async addServer(server: string, devices: { name: string; className: string }[]): Promise<void> {
    await this.command('DbAddServer', CmdArgType.DevVarStringArray, [server, ...devices.flatMap((d) => [d.name, d.className])]);
  }
  async addDevice(server: string, device: string, className: string): Promise<void> {
    await this.command('DbAddDevice', CmdArgType.DevVarStringArray, [server, device, className]);
  }
  async deleteServer(server: string): Promise<void> {
    await this.command('DbDeleteServer', CmdArgType.DevString, server);
  }
  async deleteDevice(device: string): Promise<void> {
    await this.command('DbDeleteDevice', CmdArgType.DevString, device);
  }
  /** `DbExportDevice [name, IOR, host, pid, version]` (what a device server does at startup). */
  async exportDevice(d: { name: string; ior: string; host: string; pid: number; version?: string }): Promise<void> {
    await this.command('DbExportDevice', CmdArgType.DevVarStringArray, [d.name, d.ior, d.host, String(d.pid), d.version ?? '5']);
  }
  async unexportServer(server: string): Promise<void> {
    await this.command('DbUnExportServer', CmdArgType.DevString, server);
  }

  /** Closes the private connection pool (no-op with a shared pool). Idempotent. */
  async close(): Promise<void> {
    if (this.ownPool) await this.pool.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** True when a DevFailed says the device is unknown to the database or not exported. */
export function isNotExported(err: unknown): boolean {
  return err instanceof DevFailedError && /DeviceNotDefined|DeviceNotExported|DB_DeviceNotDefined/.test(err.reason ?? '');
}
