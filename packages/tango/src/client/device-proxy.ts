import type { Logger } from '@observatory/core';
import { DevFailedError, TangoClosedError, TangoConnectionError, TangoValueError } from '../errors/tango-errors.js';
import { ConnectionPool } from '../giop/pool.js';
import type { GiopMinor } from '../giop/messages.js';
import { fromCommandAny, toCommandAny, type CommandInput, type CommandValue } from '../idl/command-any.js';
import { CmdArgType, type DevSource, type DevState, type DispLevel } from '../idl/enums.js';
import { operations, type OperationArgs, type OperationName, type OperationResult } from '../idl/operations.js';
import { CdrWriter } from '../cdr/writer.js';
import type { AttributeConfig_5, AttributeValue_5, DevCmdInfo_2, DevInfo_3 } from '../idl/structs.js';
import { parseIor } from '../ior/ior.js';
import { readingFromWire, writeValueFor, type AttributeReading, type WriteInput } from './attribute-data.js';
import { Database } from './database.js';
import { fitsTemplate, scalarWriteTemplate, type ScalarWriteTemplate } from './scalar-write.js';
import { invoke, isStaleTargetError, LocationForward, type ObjectTarget } from './invoke.js';
import { formatTangoName, parseTangoName, resolveTangoHost, type HostPort, type TangoName } from './names.js';

export interface DeviceProxyOptions {
  /** Default per-call timeout (Tango's default 3000 ms). */
  timeoutMs?: number;
  /** Share connections between proxies (one per server endpoint). A private pool is created otherwise. */
  pool?: ConnectionPool;
  /** Database client for names without `#dbase=no` (default: one for the name's host or TANGO_HOST). */
  database?: Database;
  /** Read source: CACHE_DEV (PyTango's default), CACHE or DEV. */
  source?: DevSource;
  /**
   * GIOP minor version of requests (default 2: GIOP 1.2, which omniORB accepts on corbaloc connections too;
   * T-NAME-2). 0 sends GIOP 1.0 requests as PyTango does for `#dbase=no` names.
   */
  giopMinor?: GiopMinor;
  logger?: Logger;
}

export interface CallOptions {
  timeoutMs?: number;
}

/** `info()` (DevInfo_3). */
export interface DeviceInfo {
  devClass: string;
  serverId: string;
  serverHost: string;
  serverVersion: number;
  docUrl: string;
  devType: string;
}

export interface CommandInfo {
  name: string;
  inType: number;
  outType: number;
  inTypeDesc: string;
  outTypeDesc: string;
  level: DispLevel;
  tag: number;
}

function commandInfoFrom(c: DevCmdInfo_2): CommandInfo {
  return { name: c.cmd_name, inType: c.in_type, outType: c.out_type, inTypeDesc: c.in_type_desc, outTypeDesc: c.out_type_desc, level: c.level, tag: c.cmd_tag };
}

/** A synchronous failure (bad argument) of a method that returns a promise, delivered as its rejection. */
function rejection(err: unknown): Promise<never> {
  return Promise.reject(err instanceof Error ? err : new Error(String(err)));
}

const ALL_ATTRIBUTES = 'All attributes_3';
/** Attribute names whose read (and numeric scalar write) arguments a proxy keeps encoded. */
const MAX_CACHED_READ_ARGS = 256;

/**
 * A proxy to one Tango device (T-CLIENT-1). Calls go over the pool's connection to the device's server;
 * command and attribute metadata are cached so a command with an argument or a write costs one round trip
 * (PyTango pays two). Stale object keys (server restarted, database mode) are re-imported transparently.
 */
export class DeviceProxy {
  /** The device name, lower-cased (`domain/family/member`). */
  readonly name: string;
  readonly parsed: TangoName;
  timeoutMs: number;
  source: DevSource;
  private readonly pool: ConnectionPool;
  private readonly ownPool: boolean;
  private database: Database | undefined;
  private readonly ownDatabase: boolean;
  private target: ObjectTarget | undefined;
  private resolving: Promise<ObjectTarget> | undefined;
  private readonly commands = new Map<string, CommandInfo>();
  private commandsComplete = false;
  private readonly configs = new Map<string, AttributeConfig_5>();
  private attributeNames: string[] | undefined;
  private closed = false;
  private readonly ident = { CPP: process.pid };
  private readonly readArgsCache = new Map<string, Uint8Array>();
  private readonly scalarWrites = new Map<string, { config: AttributeConfig_5; template: ScalarWriteTemplate | undefined }>();
  private readArgsSource: DevSource | undefined;
  private readonly giopMinor: GiopMinor | undefined;

  constructor(name: string, options: DeviceProxyOptions = {}) {
    this.parsed = parseTangoName(name, 'none');
    this.name = this.parsed.device;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.source = options.source ?? 'CACHE_DEV';
    this.ownPool = !options.pool;
    this.pool = options.pool ?? new ConnectionPool({ logger: options.logger });
    this.giopMinor = options.giopMinor;
    if (this.parsed.nodb) {
      const h = this.parsed.host!;
      this.target = { host: h.host, port: h.port, objectKey: Buffer.from(this.name, 'latin1'), minor: options.giopMinor ?? 2 };
      this.ownDatabase = false;
    } else {
      this.database = options.database;
      this.ownDatabase = !options.database;
    }
  }

  /** Fully qualified name (`tango://host:port/dev[#dbase=no]` when known). */
  get fullName(): string {
    return formatTangoName(this.parsed);
  }

  /** The database hosts this proxy resolves through (undefined in nodb mode). */
  get databaseHosts(): HostPort[] | undefined {
    if (this.parsed.nodb) return undefined;
    return this.parsed.host ? [this.parsed.host] : resolveTangoHost();
  }

  private db(): Database {
    if (!this.database) this.database = new Database({ tangoHost: this.databaseHosts, pool: this.pool, timeoutMs: this.timeoutMs });
    return this.database;
  }

  /** The server endpoint and object key (imports from the database on first use). */
  async resolve(): Promise<ObjectTarget> {
    if (this.target) return this.target;
    this.resolving ??= this.importFromDatabase().finally(() => (this.resolving = undefined));
    return this.resolving;
  }

  private async importFromDatabase(): Promise<ObjectTarget> {
    const imported = await this.db().importDevice(this.name);
    if (!imported.exported || !imported.ior.startsWith('IOR:')) {
      throw new DevFailedError([{ reason: 'API_DeviceNotExported', severity: 'ERR', desc: `device ${this.name} is not exported (is its server running?)`, origin: 'DeviceProxy::import' }]);
    }
    const ior = parseIor(imported.ior);
    if (!ior.iiop) throw new TangoConnectionError(this.name, `the IOR of ${this.name} has no IIOP profile`);
    this.target = { host: ior.iiop.host, port: ior.iiop.port, objectKey: ior.iiop.objectKey, minor: this.giopMinor ?? (Math.min(ior.iiop.minor, 2) as GiopMinor) };
    return this.target;
  }

  private invalidateCaches(): void {
    this.commands.clear();
    this.scalarWrites.clear();
    this.commandsComplete = false;
    this.configs.clear();
    this.attributeNames = undefined;
  }

  /**
   * One operation with the recovery rules of T-CLIENT-2: a CloseConnection (nothing executed) is retried once
   * on a new connection; with a database, a stale key or a dead endpoint re-imports the device and retries once.
   */
  call<Op extends OperationName>(op: Op, args: OperationArgs<Op>, options?: CallOptions): Promise<OperationResult<Op>> {
    return this.callWith(op, args, options, undefined);
  }

  /**
   * {@link call}, optionally with the arguments already encoded (`InvokeOptions.encodedArgs`/`patchArgs`; `args`
   * is then only read when a target cannot take them: GIOP 1.0/1.1) and with `finish` mapping the result as the
   * reply arrives (what it throws fails the call).
   */
  private callWith<Op extends OperationName, R = OperationResult<Op>>(
    op: Op,
    args: OperationArgs<Op>,
    options: CallOptions | undefined,
    encodedArgs: Uint8Array | undefined,
    patchArgs?: (message: Buffer, offset: number) => void,
    finish?: (result: OperationResult<Op>) => R,
  ): Promise<R> {
    if (this.closed) return Promise.reject(new TangoClosedError('device proxy'));
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    const encoded = encodedArgs ? { encodedArgs, patchArgs } : undefined;
    // Fast path: a known target, first attempt without the retry loop's async frame; a failure resolves through
    // the recovery rules instead of a `.catch` on every call.
    const target = this.target;
    if (!target) return this.callWithRecovery(op, args, timeoutMs, encoded, finish);
    return invoke(this.pool, target, op, args, { timeoutMs, name: this.name, encodedArgs, patchArgs }, finish, (err: unknown) => this.callWithRecovery(op, args, timeoutMs, encoded, finish, err));
  }

  private async callWithRecovery<Op extends OperationName, R>(
    op: Op,
    args: OperationArgs<Op>,
    timeoutMs: number,
    encoded: { encodedArgs: Uint8Array; patchArgs?: (message: Buffer, offset: number) => void } | undefined,
    finish: ((result: OperationResult<Op>) => R) | undefined,
    firstError?: unknown,
  ): Promise<R> {
    let reimported = false;
    let retriedClose = false;
    let failure: { error: unknown } | undefined = firstError === undefined ? undefined : { error: firstError };
    for (let hop = 0; ; hop++) {
      if (!failure) {
        const target = this.target ?? (await this.resolve());
        try {
          const result = await invoke(this.pool, target, op, args, { timeoutMs, name: this.name, ...encoded });
          return finish ? finish(result) : (result as R);
        } catch (error) {
          failure = { error };
        }
      }
      const err: unknown = failure.error;
      failure = undefined;
      if (err instanceof LocationForward && hop < 3) {
        this.target = { host: err.profile.host, port: err.profile.port, objectKey: err.profile.objectKey, minor: this.giopMinor ?? (Math.min(err.profile.minor, 2) as GiopMinor) };
        continue;
      }
      if (err instanceof TangoConnectionError && err.retryable && !retriedClose) {
        retriedClose = true;
        this.invalidateCaches();
        continue;
      }
      if (!this.parsed.nodb && !reimported && isStaleTargetError(err)) {
        reimported = true;
        this.target = undefined;
        this.invalidateCaches();
        continue;
      }
      this.forgetOnNotFound(op, args, err);
      throw err;
    }
  }

  /** A command the device no longer has loses its cached description (the server may have been rebuilt). */
  private forgetOnNotFound<Op extends OperationName>(op: Op, args: OperationArgs<Op>, err: unknown): void {
    if (op === 'command_inout_4' && err instanceof DevFailedError && err.reason === 'API_CommandNotFound') {
      this.commands.delete((args as OperationArgs<'command_inout_4'>).command.toLowerCase());
    }
  }

  private clntIdent(): { CPP: number } {
    return this.ident;
  }

  /** Round trip time of a `ping`, in microseconds. */
  async ping(options?: CallOptions): Promise<number> {
    const t0 = process.hrtime.bigint();
    await this.call('ping', null, options);
    return Number((process.hrtime.bigint() - t0) / 1000n);
  }

  async info(options?: CallOptions): Promise<DeviceInfo> {
    const i: DevInfo_3 = await this.call('info_3', null, options);
    return { devClass: i.dev_class, serverId: i.server_id, serverHost: i.server_host, serverVersion: i.server_version, docUrl: i.doc_url, devType: i.dev_type };
  }

  async state(options?: CallOptions): Promise<DevState> {
    return this.call('_get_state', null, options);
  }

  async status(options?: CallOptions): Promise<string> {
    return this.call('_get_status', null, options);
  }

  async description(options?: CallOptions): Promise<string> {
    return this.call('_get_description', null, options);
  }

  /** Name of the admin device (`dserver/<exec>/<inst>`), as the device reports it. */
  async adminName(options?: CallOptions): Promise<string> {
    return this.call('_get_adm_name', null, options);
  }

  /** Every command with its argument types (cached). */
  async commandList(options?: CallOptions): Promise<CommandInfo[]> {
    if (!this.commandsComplete) {
      const list = await this.call('command_list_query_2', null, options);
      this.commands.clear();
      for (const c of list) this.commands.set(c.cmd_name.toLowerCase(), commandInfoFrom(c));
      this.commandsComplete = true;
    }
    return [...this.commands.values()];
  }

  /** One command's description (cached; one `command_query_2` the first time). */
  async commandQuery(command: string, options?: CallOptions): Promise<CommandInfo> {
    const key = command.toLowerCase();
    const cached = this.commands.get(key);
    if (cached) return cached;
    const info = commandInfoFrom(await this.call('command_query_2', command, options));
    this.commands.set(key, info);
    return info;
  }

  /**
   * Runs a command. The argument is converted to the command's input type (from the cached metadata): numbers,
   * bigint for DevLong64/DevULong64, arrays or typed arrays for DevVarXxxArray, `{lvalue, svalue}` ...
   */
  command(command: string, arg?: CommandInput, options?: CallOptions): Promise<CommandValue> {
    try {
      if (arg === undefined) return this.commandInout(command, CmdArgType.DevVoid, undefined, options);
      const info = this.commands.get(command.toLowerCase());
      // The first call with an argument fetches the command's description (cached from then on).
      if (!info) return this.commandQuery(command, options).then((fetched) => this.commandInout(command, fetched.inType, arg, options));
      return this.commandInout(command, info.inType, arg, options);
    } catch (err) {
      return rejection(err);
    }
  }

  /** Sends a command whose input type is known; a bad argument throws (the callers turn it into a rejection). */
  private commandInout(command: string, inType: number, arg: CommandInput | undefined, options: CallOptions | undefined): Promise<CommandValue> {
    const argin = toCommandAny(inType, arg);
    return this.callWith('command_inout_4', { command, argin, source: this.source, cl_ident: this.ident }, options, undefined, undefined, fromCommandAny);
  }

  /** Attribute configurations (cached per name). */
  async attributeConfig(names: string[], options?: CallOptions): Promise<AttributeConfig_5[]> {
    const missing = names.filter((n) => !this.configs.has(n.toLowerCase()));
    if (missing.length) {
      const list = await this.call('get_attribute_config_5', { names: missing }, options);
      for (const c of list) this.configs.set(c.name.toLowerCase(), c);
    }
    return names.map((n) => {
      const c = this.configs.get(n.toLowerCase());
      if (!c) throw new DevFailedError([{ reason: 'API_AttrNotFound', severity: 'ERR', desc: `${n} attribute not found`, origin: 'DeviceProxy::attributeConfig' }]);
      return c;
    });
  }

  /** Every attribute's configuration (`All attributes_3`), cached. */
  async attributeConfigs(options?: CallOptions): Promise<AttributeConfig_5[]> {
    if (!this.attributeNames) {
      const list = await this.call('get_attribute_config_5', { names: [ALL_ATTRIBUTES] }, options);
      for (const c of list) this.configs.set(c.name.toLowerCase(), c);
      this.attributeNames = list.map((c) => c.name);
    }
    return this.attributeNames.map((n) => this.configs.get(n.toLowerCase())!);
  }

  async attributeList(options?: CallOptions): Promise<string[]> {
    return (await this.attributeConfigs(options)).map((c) => c.name);
  }

  /** Forgets cached command/attribute metadata (e.g. after an attr_conf event). */
  invalidate(attribute?: string): void {
    if (attribute) this.configs.delete(attribute.toLowerCase());
    else this.invalidateCaches();
  }

  /** Reads several attributes in one call; a failed attribute has `error` set instead of throwing. */
  async readMany(names: string[], options?: CallOptions): Promise<AttributeReading[]> {
    const values = await this.call('read_attributes_5', { names, source: this.source, cl_ident: this.clntIdent() }, options);
    return values.map(readingFromWire);
  }

  /**
   * The encoded arguments of `read_attributes_5` for one attribute: the same bytes every time for a given
   * source, so they are written once (bounded: names beyond the limit are encoded per call).
   */
  private readArgs(name: string): Uint8Array | undefined {
    if (this.readArgsSource !== this.source) {
      this.readArgsCache.clear();
      this.readArgsSource = this.source;
    }
    let bytes = this.readArgsCache.get(name);
    if (!bytes && this.readArgsCache.size < MAX_CACHED_READ_ARGS) {
      const w = new CdrWriter(64 + name.length);
      operations.read_attributes_5.args.write(w, { names: [name], source: this.source, cl_ident: this.ident });
      bytes = Buffer.from(w.view());
      this.readArgsCache.set(name, bytes);
    }
    return bytes;
  }

  /** Reads one attribute; its per-attribute error is thrown as `DevFailedError`. */
  read(name: string, options?: CallOptions): Promise<AttributeReading> {
    try {
      return this.callWith('read_attributes_5', { names: [name], source: this.source, cl_ident: this.ident }, options, this.readArgs(name), undefined, (values) => this.singleReading(name, values));
    } catch (err) {
      return rejection(err);
    }
  }

  /** The one reading of a single-attribute read; its error is thrown. */
  private singleReading(name: string, values: AttributeValue_5[]): AttributeReading {
    const reading = values[0] ? readingFromWire(values[0]) : undefined;
    if (!reading) throw new TangoValueError(`no value returned for ${name}`);
    if (reading.error) {
      if (reading.error.reason === 'API_AttrNotFound') this.configs.delete(name.toLowerCase());
      throw reading.error;
    }
    return reading;
  }

  /** Writes one attribute (type from the cached configuration: one round trip once cached). */
  write(name: string, value: WriteInput, options?: CallOptions): Promise<void> {
    try {
      // A cached configuration is used without an extra async step (the per-write hot path).
      const config = this.configs.get(name.toLowerCase());
      if (!config) return this.attributeConfig([name], options).then(([fetched]) => this.writeWith(fetched!, value, options));
      return this.writeWith(config, value, options);
    } catch (err) {
      return rejection(err);
    }
  }

  /** Writes with a known configuration; a bad value throws (the callers turn it into a rejection). */
  private writeWith(config: AttributeConfig_5, value: WriteInput, options: CallOptions | undefined): Promise<void> {
    const template = typeof value === 'number' ? this.scalarWrite(config) : undefined;
    if (template && fitsTemplate(template, value)) {
      // Numeric scalars: the template's bytes with the number stored in place; the AttributeValue_4 is only
      // built if the target cannot take pre-encoded arguments.
      const ident = this.ident;
      const args = {
        get values() {
          return [writeValueFor(config, value)];
        },
        cl_ident: ident,
      };
      return this.callWith('write_attributes_4', args, options, template.body, (message, offset) => template.kind.put(message, offset + template.valueOffset, value));
    }
    return this.callWith('write_attributes_4', { values: [writeValueFor(config, value)], cl_ident: this.ident }, options, undefined);
  }

  /** The write template of a numeric scalar attribute (kept while its cached configuration is the same). */
  private scalarWrite(config: AttributeConfig_5): ScalarWriteTemplate | undefined {
    const key = config.name.toLowerCase();
    const cached = this.scalarWrites.get(key);
    if (cached !== undefined && cached.config === config) return cached.template;
    if (cached === undefined && this.scalarWrites.size >= MAX_CACHED_READ_ARGS) return undefined;
    const template = scalarWriteTemplate(config, this.ident);
    this.scalarWrites.set(key, { config, template });
    return template;
  }

  /** Writes several attributes in one call; failures raise `MultiDevFailedError` naming each attribute. */
  async writeMany(values: Record<string, WriteInput>, options?: CallOptions): Promise<void> {
    const names = Object.keys(values);
    const configs = await this.attributeConfig(names, options);
    const wire = configs.map((c, i) => writeValueFor(c, values[names[i]!]!));
    await this.call('write_attributes_4', { values: wire, cl_ident: this.clntIdent() }, options);
  }

  /** Writes then reads back the same attribute in one round trip (`write_read_attributes_5`). */
  async writeRead(name: string, value: WriteInput, options?: CallOptions): Promise<AttributeReading> {
    const [config] = await this.attributeConfig([name], options);
    const values = await this.call('write_read_attributes_5', { values: [writeValueFor(config!, value)], r_names: [name], cl_ident: this.clntIdent() }, options);
    const reading = values[0] ? readingFromWire(values[0]) : undefined;
    if (!reading) throw new TangoValueError(`no value returned for ${name}`);
    if (reading.error) throw reading.error;
    return reading;
  }

  /** Sets attribute configurations (e.g. event thresholds) and refreshes the cache. */
  async setAttributeConfig(configs: AttributeConfig_5[], options?: CallOptions): Promise<void> {
    await this.call('set_attribute_config_5', { new_conf: configs, cl_ident: this.clntIdent() }, options);
    for (const c of configs) this.configs.delete(c.name.toLowerCase());
  }

  /** A proxy to this device's admin device (`dserver/...`), sharing this proxy's pool and database. */
  async adminDevice(): Promise<DeviceProxy> {
    const adm = (await this.adminName()).toLowerCase();
    const h = this.parsed.host;
    let name: string;
    if (this.parsed.nodb) name = `tango://${h!.host}:${h!.port}/${adm.replace(/^tango:\/\/[^/]+\//, '').replace(/#dbase=no$/, '')}#dbase=no`;
    else name = h ? `tango://${h.host}:${h.port}/${adm}` : adm;
    return new DeviceProxy(name, { pool: this.pool, database: this.database, timeoutMs: this.timeoutMs, source: this.source, giopMinor: this.giopMinor });
  }

  /** Closes what this proxy owns (its private pool and database client). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownDatabase && this.database) await this.database.close();
    if (this.ownPool) await this.pool.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
