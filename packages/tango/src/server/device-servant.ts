import type { CorbaAny } from '../cdr/any.js';
import { unalias } from '../cdr/typecode.js';
import type { CdrReader } from '../cdr/reader.js';
import type { CdrWriter } from '../cdr/writer.js';
import { CdrDecodeError, DevFailedError, MultiDevFailedError, TangoValueError, type DevError, type NamedDevError } from '../errors/tango-errors.js';
import { cmdArgTypeOf, fromCommandAny, toCommandAny } from '../idl/command-any.js';
import { CmdArgType, DEV_STATE, type AttrQuality } from '../idl/enums.js';
import { isKnownOperation, operations, type OperationName } from '../idl/operations.js';
import { writeDevFailed, writeMultiDevFailed, type AttributeConfig_5, type AttrValUnion, type AttributeValue_4, type AttributeValue_5, type DevCmdInfo_2 } from '../idl/structs.js';
import type { AttrData } from './attribute-values.js';
import { DeviceError, toDevErrors } from './device-error.js';
import type { AttrReadResult, DeviceCommandInfo, Device } from './device.js';
import type { RequestInfo, Servant, ServantReply } from './giop-server.js';
import { ATT_UNION, TYPE_CODES, type AttributeTypeName } from './tango-types.js';
import { LEGACY_CONFIG_OPERATIONS } from './wire-extra.js';

/** Facts a device reports about its server (info_3, adm_name). */
export interface ServerIdentity {
  /** `Exec/instance` */
  serverId: string;
  host: string;
  /** `dserver/exec/instance` (lower case) */
  adminName: string;
}

const IS_A = new Set(['IDL:Tango/Device_5:1.0', 'IDL:Tango/Device_4:1.0', 'IDL:Tango/Device_3:1.0', 'IDL:Tango/Device_2:1.0', 'IDL:Tango/Device:1.0', 'IDL:omg.org/CORBA/Object:1.0']);

const QUALITY: AttrQuality[] = ['ATTR_VALID', 'ATTR_INVALID', 'ATTR_ALARM', 'ATTR_CHANGING', 'ATTR_WARNING'];
const UNION_NAMES = ['ATT_BOOL', 'ATT_SHORT', 'ATT_LONG', 'ATT_LONG64', 'ATT_FLOAT', 'ATT_DOUBLE', 'ATT_UCHAR', 'ATT_USHORT', 'ATT_ULONG', 'ATT_ULONG64', 'ATT_STRING', 'ATT_STATE', 'DEVICE_STATE', 'ATT_ENCODED', 'ATT_NO_DATA'] as const;

function ok<T>(op: { result: { write(w: CdrWriter, v: T): void } }, value: T, sizeHint?: number): ServantReply {
  return { kind: 'ok', write: (w) => op.result.write(w, value), sizeHint };
}

function devFailed(errors: DevError[]): ServantReply {
  return { kind: 'user', write: (w) => writeDevFailed(w, errors) };
}

function multiDevFailed(errors: NamedDevError[]): ServantReply {
  return { kind: 'user', write: (w) => writeMultiDevFailed(w, errors) };
}

/** AttrValUnion for a successful read. */
function toUnion(r: AttrReadResult): AttrValUnion {
  const d = r.data!;
  if (r.type === 'DevState') {
    const names = Array.from(d.data as ArrayLike<number>, (n) => DEV_STATE[n] ?? 'UNKNOWN');
    // The State attribute travels as one DEVICE_STATE (T-IDL-4); other state attributes as a sequence.
    if (r.name.toLowerCase() === 'state' && names.length === 1) return { type: 'DEVICE_STATE', value: names[0]! };
    return { type: 'ATT_STATE', value: names };
  }
  const type = UNION_NAMES[ATT_UNION[r.type]]!;
  return { type, value: d.data } as AttrValUnion;
}

/** AttributeValue_5 for a read result (per-attribute failures inside, T-IDL-4). */
export function toAttributeValue5(r: AttrReadResult): AttributeValue_5 {
  const time = { tv_sec: Math.floor(r.time / 1000), tv_usec: Math.floor(r.time % 1000) * 1000, tv_nsec: 0 };
  if (!r.data) {
    const failed = r.errors.length > 0;
    return {
      value: { type: 'ATT_NO_DATA', value: true },
      quality: 'ATTR_INVALID',
      data_format: failed ? 'FMT_UNKNOWN' : r.config.data_format,
      data_type: failed ? 0 : r.config.data_type,
      time,
      name: r.name,
      r_dim: { dim_x: 0, dim_y: 0 },
      w_dim: { dim_x: 0, dim_y: 0 },
      err_list: r.errors,
    };
  }
  const writeOnly = r.config.writable === 'WRITE';
  return {
    value: toUnion(r),
    quality: QUALITY[r.quality] ?? 'ATTR_VALID',
    data_format: r.config.data_format,
    data_type: r.config.data_type,
    time,
    name: r.name,
    r_dim: writeOnly ? { dim_x: r.wDimX, dim_y: r.wDimY } : { dim_x: r.data.dimX, dim_y: r.data.dimY },
    w_dim: { dim_x: r.wDimX, dim_y: r.wDimY },
    err_list: [],
  };
}

/** Flat data + dims of a written AttributeValue_4 (scalar w_dim (1,0), spectrum (n,0), image (x,y)). */
function fromWrite(device: Device, v: AttributeValue_4): AttrData {
  const config = device.config(v.name);
  const expected = UNION_NAMES[ATT_UNION[typeNameOf(config.data_type)]];
  let data: AttrData['data'];
  if (v.value.type === 'DEVICE_STATE') data = new Uint32Array([DEV_STATE.indexOf(v.value.value)]);
  else if (v.value.type === 'ATT_STATE') data = new Uint32Array(v.value.value.map((s) => DEV_STATE.indexOf(s)));
  else if (v.value.type === 'ATT_NO_DATA') throw new DeviceError('API_IncompatibleAttrDataType', `no data written to attribute ${v.name}`, 'Device_4Impl::write_attributes_4');
  else data = v.value.value;
  const stateOk = config.data_type === CmdArgType.DevState && (v.value.type === 'ATT_STATE' || v.value.type === 'DEVICE_STATE');
  if (!stateOk && v.value.type !== expected) {
    throw new DeviceError('API_IncompatibleAttrDataType', `attribute ${v.name} is ${typeNameOf(config.data_type)}, got ${v.value.type}`, 'Device_4Impl::write_attributes_4');
  }
  if (config.data_format === 'SCALAR') return { data, dimX: 1, dimY: 0 };
  if (config.data_format === 'SPECTRUM') return { data, dimX: v.w_dim.dim_x || data.length, dimY: 0 };
  return { data, dimX: v.w_dim.dim_x, dimY: v.w_dim.dim_y };
}

function typeNameOf(code: number): AttributeTypeName {
  for (const [name, c] of Object.entries(TYPE_CODES)) if (c === code) return name as AttributeTypeName;
  return 'DevLong';
}

function cmdInfo2(c: DeviceCommandInfo): DevCmdInfo_2 {
  return { cmd_name: c.name, level: c.level, cmd_tag: 0, in_type: TYPE_CODES[c.in], out_type: TYPE_CODES[c.out], in_type_desc: c.inDesc, out_type_desc: c.outDesc };
}

/** Types a client may send for a declared argin type (aliases of the same wire type). */
function compatibleArgin(declared: number, sent: number): boolean {
  if (declared === sent) return true;
  if (declared === CmdArgType.DevEnum && sent === CmdArgType.DevShort) return true;
  if (declared === CmdArgType.ConstDevString && sent === CmdArgType.DevString) return true;
  return false;
}

/**
 * Serves one {@link Device} over GIOP as a Tango `Device_5`: every operation of T-IDL-3 except history
 * and pipes. Calls to one device run one at a time (Tango's serialisation by device).
 */
export class DeviceServant implements Servant {
  private tail: Promise<unknown> = Promise.resolve();
  private busy = false;
  // Ring of [time ms, operation, remote]; formatted only when black_box is called.
  private readonly blackBox: Array<[number, string, string]> = [];

  constructor(
    readonly device: Device,
    private readonly identity: ServerIdentity,
  ) {}

  invoke(operation: string, args: CdrReader, request: RequestInfo): ServantReply | Promise<ServantReply> {
    const legacy = LEGACY_CONFIG_OPERATIONS[operation];
    if (legacy) return this.legacyConfig(operation, legacy, args);
    if (!isKnownOperation(operation)) {
      return { kind: 'system', name: 'BAD_OPERATION', minor: 0, completed: 'COMPLETED_NO' };
    }
    let decoded: unknown;
    try {
      decoded = operations[operation].args.read(args);
    } catch (err) {
      if (err instanceof CdrDecodeError || err instanceof TangoValueError) return { kind: 'system', name: 'MARSHAL', completed: 'COMPLETED_NO' };
      throw err;
    }
    this.record(operation, request);
    // Cheap identity operations skip the per-device queue.
    const quick = this.quick(operation, decoded);
    if (quick) return quick;
    const run = (): Promise<ServantReply> => this.dispatch(operation, decoded);
    if (!this.busy) {
      // Reads and state queries answer in this tick when the device's code is synchronous; nothing else runs on
      // this device meanwhile, so the per-device order is kept without the queue.
      const now = this.answerNow(operation, decoded);
      if (now !== undefined && !(now instanceof Promise)) return now;
      this.busy = true;
      const p = now ?? run();
      this.tail = p.finally(() => {
        this.busy = false;
      });
      return p;
    }
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  private legacyConfig(operation: string, write: (w: CdrWriter, c: AttributeConfig_5) => void, args: CdrReader): ServantReply {
    let names: string[];
    try {
      names = args.stringSeq();
    } catch {
      return { kind: 'system', name: 'MARSHAL', completed: 'COMPLETED_NO' };
    }
    try {
      const all = names.length === 1 && (names[0] === 'All attributes' || names[0] === 'All attributes_3');
      const configs = all ? this.device.configs(['All attributes']) : this.device.configs(names);
      return { kind: 'ok', write: (w) => w.sequence(configs, write) };
    } catch (err) {
      return devFailed(toDevErrors(err, `Device::${operation}`));
    }
  }

  private record(operation: string, request: RequestInfo): void {
    this.blackBox.push([Date.now(), operation, request.remote]);
    if (this.blackBox.length > 50) this.blackBox.shift();
  }

  private quick(op: OperationName, args: unknown): ServantReply | undefined {
    const dev = this.device;
    switch (op) {
      case '_is_a':
        return ok(operations._is_a, IS_A.has(args as string));
      case '_non_existent':
        return ok(operations._non_existent, false);
      case '_get_name':
        return ok(operations._get_name, dev.name);
      case '_get_description':
        return ok(operations._get_description, dev.description);
      case '_get_adm_name':
        return ok(operations._get_adm_name, this.identity.adminName);
      case 'ping':
        return { kind: 'ok' };
      case 'info':
      case 'info_3':
        return ok(operations.info_3, {
          dev_class: dev.className,
          server_id: this.identity.serverId,
          server_host: this.identity.host,
          server_version: 5,
          doc_url: dev.spec.docUrl ?? 'Doc URL = http://www.tango-controls.org',
          dev_type: dev.spec.devType ?? 'Uninitialised',
        });
      case 'black_box': {
        const n = args as number;
        if (n <= 0) return devFailed([{ reason: 'API_BlackBoxArgument', severity: 'ERR', desc: 'Argument to read black box out of range', origin: 'BlackBox::read' }]);
        return ok(
          operations.black_box,
          this.blackBox
            .slice(-n)
            .reverse()
            .map(([t, op, remote]) => `${new Date(t).toISOString()} : Operation ${op} requested from ${remote}`),
        );
      }
      case 'command_list_query':
        return ok(operations.command_list_query, dev.commandList().map(cmdInfo2));
      case 'command_list_query_2':
        return ok(operations.command_list_query_2, dev.commandList().map(cmdInfo2));
      case 'command_query':
      case 'command_query_2':
        try {
          // command_query (v1, DevCmdInfo) has no display level; the DataBaseds client probes with it.
          return ok(op === 'command_query' ? operations.command_query : operations.command_query_2, cmdInfo2(dev.commandInfo(args as string)));
        } catch (err) {
          return devFailed(toDevErrors(err, 'Device_2Impl::command_query_2'));
        }
      case 'get_attribute_config_5':
        try {
          return ok(operations.get_attribute_config_5, dev.configs((args as { names: string[] }).names));
        } catch (err) {
          return devFailed(toDevErrors(err, 'Device_5Impl::get_attribute_config_5'));
        }
      default:
        return undefined;
    }
  }

  private async dispatch(op: OperationName, args: unknown): Promise<ServantReply> {
    // Reads and state queries have one implementation, whether they run at once or from the queue.
    const now = this.answerNow(op, args);
    if (now !== undefined) return now;
    const dev = this.device;
    try {
      switch (op) {
        case 'command_inout':
        case 'command_inout_2':
        case 'command_inout_4': {
          const a = args as { command: string; argin: CorbaAny };
          return ok(operations.command_inout_4, await this.command(a.command, a.argin));
        }
        case 'set_attribute_config_5':
          dev.setConfigs((args as { new_conf: AttributeConfig_5[] }).new_conf);
          return { kind: 'ok' };
        case 'read_attributes_4': {
          // IDL 4 clients: the same values without data_type.
          const values = (await this.readMany((args as { names: string[] }).names)).map(({ data_type: _type, ...v4 }) => v4);
          return ok(operations.read_attributes_4, values, estimateSize(values as AttributeValue_5[]));
        }
        case 'write_attributes_4': {
          const failures = await this.writeMany((args as { values: AttributeValue_4[] }).values);
          return failures.length ? multiDevFailed(failures) : { kind: 'ok' };
        }
        case 'write_read_attributes_5': {
          const a = args as { values: AttributeValue_4[]; r_names: string[] };
          const failures = await this.writeMany(a.values);
          if (failures.length) return multiDevFailed(failures);
          const values = await this.readMany(a.r_names);
          return ok(operations.write_read_attributes_5, values, estimateSize(values));
        }
        default:
          return { kind: 'system', name: 'BAD_OPERATION', minor: 0, completed: 'COMPLETED_NO' };
      }
    } catch (err) {
      if (err instanceof MultiDevFailedError) return multiDevFailed(err.failures);
      return devFailed(toDevErrors(err, `${dev.className}::${op}`));
    }
  }

  /**
   * `read_attributes_5`, `_get_state` and `_get_status` without a promise when the device answers synchronously
   * (a promise only if a read function is async); undefined for every other operation.
   */
  private answerNow(op: OperationName, args: unknown): ServantReply | Promise<ServantReply> | undefined {
    const dev = this.device;
    try {
      switch (op) {
        case '_get_state':
          return ok(operations._get_state, dev.state);
        case '_get_status':
          return ok(operations._get_status, dev.status());
        case 'read_attributes_5': {
          const names = (args as { names: string[] }).names;
          const values: AttributeValue_5[] = [];
          for (let i = 0; i < names.length; i++) {
            const r = dev.readAttributeNow(names[i]!);
            if (r instanceof Promise) {
              const rest = r.then((first) => {
                values.push(toAttributeValue5(first));
                return this.readMany(names, values, i + 1);
              });
              return rest.then(
                (all) => ok(operations.read_attributes_5, all, estimateSize(all)),
                (err: unknown) => devFailed(toDevErrors(err, `${dev.className}::${op}`)),
              );
            }
            values.push(toAttributeValue5(r));
          }
          return ok(operations.read_attributes_5, values, estimateSize(values));
        }
        default:
          return undefined;
      }
    } catch (err) {
      return devFailed(toDevErrors(err, `${dev.className}::${op}`));
    }
  }

  /** Reads `names[from..]` one after the other (awaiting async read functions), appending to `out`. */
  private async readMany(names: readonly string[], out: AttributeValue_5[] = [], from = 0): Promise<AttributeValue_5[]> {
    for (let i = from; i < names.length; i++) out.push(toAttributeValue5(await this.device.readAttributeNow(names[i]!)));
    return out;
  }

  private async writeMany(values: readonly AttributeValue_4[]): Promise<NamedDevError[]> {
    const failures: NamedDevError[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      try {
        await this.device.writeAttribute(v.name, fromWrite(this.device, v));
      } catch (err) {
        failures.push({ name: v.name, index_in_call: i, err_list: toDevErrors(err, 'Device_4Impl::write_attributes_4') });
      }
    }
    return failures;
  }

  private async command(name: string, argin: CorbaAny) {
    let info: DeviceCommandInfo;
    try {
      info = this.device.commandInfo(name);
    } catch {
      throw new DeviceError('API_CommandNotFound', `Command ${name} not found`, 'DeviceClass::command_handler');
    }
    const declared = TYPE_CODES[info.in];
    let value: unknown;
    if (declared !== CmdArgType.DevVoid) {
      let sent: number;
      try {
        sent = cmdArgTypeOf(argin.type);
      } catch {
        sent = -1;
      }
      const kind = unalias(argin.type).kind;
      if (declared === CmdArgType.DevUChar && (kind === 'char' || kind === 'octet')) {
        // PyTango sends DevUChar as a CORBA char.
        const v = argin.value;
        value = typeof v === 'string' ? v.charCodeAt(0) : v;
        const result = await this.device.command(info.name, value);
        return toCommandAny(TYPE_CODES[result.type], result.value as never);
      }
      if (!compatibleArgin(declared, sent)) {
        throw new DeviceError(
          'API_IncompatibleCmdArgumentType',
          `Incompatible command argument type, expected type is : Tango::${info.in}`,
          'DeviceClass::command_handler',
        );
      }
      value = fromCommandAny(argin);
    }
    const result = await this.device.command(info.name, value);
    try {
      return toCommandAny(TYPE_CODES[result.type], result.value as never);
    } catch (err) {
      throw new DevFailedError([{ reason: 'API_IncompatibleCmdArgumentType', severity: 'ERR', desc: `command ${info.name} returned a bad ${result.type}: ${(err as Error).message}`, origin: 'DeviceClass::command_handler' }]);
    }
  }
}

/** Rough reply size, so big reads get one buffer instead of repeated doubling. */
function estimateSize(values: readonly AttributeValue_5[]): number {
  let n = 64;
  for (const v of values) {
    const val = v.value.value as unknown;
    n += 96 + v.name.length;
    if (ArrayBuffer.isView(val)) n += val.byteLength + 8;
    else if (Array.isArray(val)) n += val.length * 16;
  }
  return n;
}
