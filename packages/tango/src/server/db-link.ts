import type { Logger } from '@observatory/core';
import { DevFailedError, CorbaSystemError, TangoError } from '../errors/tango-errors.js';
import { ReplyStatus } from '../giop/constants.js';
import { GiopConnection } from '../giop/connection.js';
import { readSystemException } from '../giop/messages.js';
import { fromCommandAny, toCommandAny, type CommandInput, type CommandValue } from '../idl/command-any.js';
import { CmdArgType } from '../idl/enums.js';
import { operations } from '../idl/operations.js';
import { readUserException } from '../idl/structs.js';

/**
 * The few `sys/database/2` calls a device server makes (T-DB-1: properties at start, export, unexport),
 * over one GIOP connection to TANGO_HOST (corbaloc key `database`).
 */
export class DbLink {
  private conn: GiopConnection;
  private connecting: Promise<void> | undefined;
  private used = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly logger?: Logger,
    private readonly timeoutMs = 3000,
  ) {
    this.conn = new GiopConnection({ host, port, logger });
  }

  async command(name: string, inType: number, argin: CommandInput): Promise<CommandValue> {
    if (!this.conn.isOpen) {
      // A connection that broke (database restarted) cannot reopen: start a fresh one.
      this.connecting ??= this.reopen().finally(() => {
        this.connecting = undefined;
      });
      await this.connecting;
    }
    const reply = await this.conn.call({
      objectKey: Buffer.from('database', 'latin1'),
      operation: 'command_inout_4',
      target: 'sys/database/2',
      timeoutMs: this.timeoutMs,
      body: (w) => operations.command_inout_4.args.write(w, { command: name, argin: toCommandAny(inType, argin), source: 'DEV', cl_ident: { CPP: process.pid } }),
    });
    if (reply.replyStatus === ReplyStatus.NO_EXCEPTION) return fromCommandAny(operations.command_inout_4.result.read(reply.body));
    if (reply.replyStatus === ReplyStatus.USER_EXCEPTION) {
      const ex = readUserException(reply.body);
      if (ex.repositoryId === 'IDL:Tango/DevFailed:1.0' && ex.errors) throw new DevFailedError(ex.errors);
      throw new TangoError('TANGO_SERVER_DB_ERROR', `database answered ${ex.repositoryId}`);
    }
    if (reply.replyStatus === ReplyStatus.SYSTEM_EXCEPTION) {
      const e = readSystemException(reply.body);
      throw new CorbaSystemError(e.repositoryId, e.minor, e.completed);
    }
    throw new TangoError('TANGO_SERVER_DB_ERROR', `database answered reply status ${reply.replyStatus}`);
  }

  private async reopen(): Promise<void> {
    if (this.used) {
      void this.conn.close();
      this.conn = new GiopConnection({ host: this.host, port: this.port, logger: this.logger });
    }
    this.used = true;
    await this.conn.connect();
  }

  strings(name: string, argin: readonly string[]): Promise<CommandValue> {
    return this.command(name, CmdArgType.DevVarStringArray, [...argin]);
  }

  /** DbGetDeviceProperty → name → values (missing properties are left out). */
  async deviceProperties(device: string, names: readonly string[]): Promise<Record<string, string[]>> {
    if (names.length === 0) return {};
    const out = (await this.strings('DbGetDeviceProperty', [device, ...names])) as string[];
    return parsePropertyList(out);
  }

  async putDeviceProperty(device: string, name: string, values: readonly string[]): Promise<void> {
    await this.strings('DbPutDeviceProperty', [device, '1', name, String(values.length), ...values]);
  }

  async deleteDeviceProperty(device: string, name: string): Promise<void> {
    await this.strings('DbDeleteDeviceProperty', [device, name]);
  }

  /** DbGetDeviceAttributeProperty2 → attribute (lower case) → properties. */
  async attributeProperties(device: string, attributes: readonly string[]): Promise<Record<string, Array<{ name: string; values: string[] }>>> {
    if (attributes.length === 0) return {};
    const a = (await this.strings('DbGetDeviceAttributeProperty2', [device, ...attributes])) as string[];
    const out: Record<string, Array<{ name: string; values: string[] }>> = {};
    let i = 2;
    const nAttr = Number(a[1] ?? 0);
    for (let k = 0; k < nAttr && i < a.length; k++) {
      const attr = a[i++]!;
      const nProp = Number(a[i++] ?? 0);
      const props: Array<{ name: string; values: string[] }> = [];
      for (let p = 0; p < nProp; p++) {
        const name = a[i++]!;
        const nv = Number(a[i++] ?? 0);
        props.push({ name, values: a.slice(i, i + nv) });
        i += nv;
      }
      out[attr.toLowerCase()] = props;
    }
    return out;
  }

  async putAttributeProperties(device: string, attribute: string, props: ReadonlyArray<{ name: string; values: string[] }>): Promise<void> {
    const flat = [device, '1', attribute, String(props.length)];
    for (const p of props) flat.push(p.name, String(p.values.length), ...p.values);
    await this.strings('DbPutDeviceAttributeProperty2', flat);
  }

  async deleteAttributeProperties(device: string, attribute: string, names: readonly string[]): Promise<void> {
    await this.strings('DbDeleteDeviceAttributeProperty', [device, attribute, ...names]);
  }

  async importDevice(name: string): Promise<{ exported: boolean; className: string; server: string } | undefined> {
    try {
      const r = (await this.command('DbImportDevice', CmdArgType.DevString, name)) as { lvalue: Int32Array; svalue: string[] };
      return { exported: r.lvalue[0] === 1, className: r.svalue[5] ?? '', server: r.svalue[3] ?? '' };
    } catch (err) {
      if (err instanceof DevFailedError && err.reason === 'DB_DeviceNotDefined') return undefined;
      throw err;
    }
  }

  async addDevice(server: string, device: string, className: string): Promise<void> {
    await this.strings('DbAddDevice', [server, device, className]);
  }

  async exportDevice(name: string, ior: string, host: string, pid: number): Promise<void> {
    await this.strings('DbExportDevice', [name, ior, host, String(pid), '5']);
  }

  async unexportServer(server: string): Promise<void> {
    await this.command('DbUnExportServer', CmdArgType.DevString, server);
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}

/** `[object, n, name, nvalues, values..., ...]` → name → values (entries with 0 values are left out). */
export function parsePropertyList(a: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const n = Number(a[1] ?? 0);
  let i = 2;
  for (let k = 0; k < n && i < a.length; k++) {
    const name = a[i++]!;
    const nv = Number(a[i++] ?? 0);
    if (nv === 0) {
      i++; // the " " placeholder
      continue;
    }
    out[name] = a.slice(i, i + nv);
    i += nv;
  }
  return out;
}
