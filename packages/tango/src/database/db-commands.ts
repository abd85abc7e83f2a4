import { DeviceError } from '../server/device-error.js';
import type { CommandTypeName, LongStringArray } from '../server/tango-types.js';
import type { DbStore, PropertySpace, SubPropertySpace } from './db-store.js';

/** One `sys/database/2` command: its Tango types and what it does with the store. */
export interface DbCommand {
  name: string;
  in: CommandTypeName;
  out: CommandTypeName;
  run(argin: unknown): unknown;
}

export interface DbCommandOptions {
  /** What DbGetCSDbServerList answers: this database's `host:port`. */
  csDbServers: () => string[];
  /** Wall clock for started/stopped dates. */
  now?: () => Date;
}

const ORIGIN = 'DataBase';

function fail(reason: string, desc: string, origin: string): never {
  throw new DeviceError(reason, desc, `${ORIGIN}::${origin}`);
}

function strings(argin: unknown, min: number, command: string): string[] {
  if (!Array.isArray(argin) || argin.some((s) => typeof s !== 'string')) fail('DB_IncorrectArguments', `${command} expects a DevVarStringArray`, command);
  if (argin.length < min) fail('DB_IncorrectArguments', `insufficient number of arguments for ${command} (${argin.length} < ${min})`, command);
  return argin as string[];
}

function str(argin: unknown, command: string): string {
  if (typeof argin !== 'string') fail('DB_IncorrectArguments', `${command} expects a DevString`, command);
  return argin;
}

function count(value: string | undefined, command: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0) fail('DB_IncorrectArguments', `${command}: bad count ${JSON.stringify(value)}`, command);
  return n;
}

/** Tango device names have exactly three non-empty fields. */
function checkDeviceName(name: string, command: string): void {
  const parts = name.split('/');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) fail('DB_IncorrectDeviceName', `device name ${name} is not of the form domain/family/member`, command);
}

function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Wildcards per Tango: `*` in a property or attribute name expands to every match. */
function hasWildcard(s: string): boolean {
  return s.includes('*');
}

/**
 * The commands of cppTango's DataBaseds (`sys/database/2`) that clients, `tango_admin` and device servers
 * use, over a {@link DbStore}. Argument layouts follow DataBaseds (flat string arrays with counts).
 */
export function databaseCommands(store: DbStore, options: DbCommandOptions): DbCommand[] {
  const now = (): string => formatDate((options.now ?? (() => new Date()))());
  const list: DbCommand[] = [];
  const cmd = (name: string, inType: CommandTypeName, outType: CommandTypeName, run: (argin: unknown) => unknown): void => {
    list.push({ name, in: inType, out: outType, run: (argin) => store.transaction(() => run(argin)) });
  };

  // ---------- properties of objects, devices and classes ----------
  const getProps = (space: PropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    const owner = a[0]!;
    const out: string[] = [owner, ''];
    let n = 0;
    for (const wanted of a.slice(1)) {
      const names = hasWildcard(wanted) ? store.propertyNames(space, owner, wanted) : [wanted];
      for (const prop of names) {
        const values = store.property(space, owner, prop);
        n++;
        if (values === undefined) out.push(prop, '0', ' ');
        else out.push(prop, String(values.length), ...values);
      }
    }
    out[1] = String(n);
    return out;
  };
  const putProps = (space: PropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 2, name);
    const owner = a[0]!;
    const n = count(a[1], name);
    let i = 2;
    for (let p = 0; p < n; p++) {
      const prop = a[i++];
      const nv = count(a[i++], name);
      if (prop === undefined || i + nv > a.length) fail('DB_IncorrectArguments', `${name}: truncated property list`, name);
      store.putProperty(space, owner, prop, a.slice(i, i + nv));
      i += nv;
    }
  };
  const deleteProps = (space: PropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    for (const prop of a.slice(1)) store.deleteProperty(space, a[0]!, prop);
  };
  const propList = (space: PropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    return store.propertyNames(space, a[0]!, a[1] ?? '*');
  };

  cmd('DbGetProperty', 'DevVarStringArray', 'DevVarStringArray', getProps('free', 'DbGetProperty'));
  cmd('DbPutProperty', 'DevVarStringArray', 'DevVoid', putProps('free', 'DbPutProperty'));
  cmd('DbDeleteProperty', 'DevVarStringArray', 'DevVoid', deleteProps('free', 'DbDeleteProperty'));
  cmd('DbGetPropertyList', 'DevVarStringArray', 'DevVarStringArray', propList('free', 'DbGetPropertyList'));
  cmd('DbGetObjectList', 'DevString', 'DevVarStringArray', (argin) => store.owners('free', str(argin, 'DbGetObjectList')));
  cmd('DbGetDeviceProperty', 'DevVarStringArray', 'DevVarStringArray', getProps('device', 'DbGetDeviceProperty'));
  cmd('DbPutDeviceProperty', 'DevVarStringArray', 'DevVoid', putProps('device', 'DbPutDeviceProperty'));
  cmd('DbDeleteDeviceProperty', 'DevVarStringArray', 'DevVoid', deleteProps('device', 'DbDeleteDeviceProperty'));
  cmd('DbGetDevicePropertyList', 'DevVarStringArray', 'DevVarStringArray', propList('device', 'DbGetDevicePropertyList'));
  cmd('DbGetClassProperty', 'DevVarStringArray', 'DevVarStringArray', getProps('class', 'DbGetClassProperty'));
  cmd('DbPutClassProperty', 'DevVarStringArray', 'DevVoid', putProps('class', 'DbPutClassProperty'));
  cmd('DbDeleteClassProperty', 'DevVarStringArray', 'DevVoid', deleteProps('class', 'DbDeleteClassProperty'));
  cmd('DbGetClassPropertyList', 'DevString', 'DevVarStringArray', (argin) => store.propertyNames('class', str(argin, 'DbGetClassPropertyList')));

  // ---------- attribute and pipe properties ----------
  // Version 2 layout: [owner, n_sub, sub, n_prop, prop, n_values, values..., ...]; version 1: one value each.
  const getSub = (space: SubPropertySpace, name: string, v2: boolean) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    const owner = a[0]!;
    const out: string[] = [owner, String(a.length - 1)];
    for (const sub of a.slice(1)) {
      const props = store.subProperties(space, owner, sub);
      out.push(sub, String(props.length));
      for (const p of props) {
        if (v2) out.push(p.name, String(p.values.length), ...p.values);
        else out.push(p.name, p.values.join('\n'));
      }
    }
    return out;
  };
  const putSub = (space: SubPropertySpace, name: string, v2: boolean) => (argin: unknown) => {
    const a = strings(argin, 2, name);
    const owner = a[0]!;
    const nSub = count(a[1], name);
    let i = 2;
    for (let s = 0; s < nSub; s++) {
      const sub = a[i++];
      const nProp = count(a[i++], name);
      if (sub === undefined) fail('DB_IncorrectArguments', `${name}: truncated list`, name);
      for (let p = 0; p < nProp; p++) {
        const prop = a[i++];
        if (prop === undefined) fail('DB_IncorrectArguments', `${name}: truncated list`, name);
        let values: string[];
        if (v2) {
          const nv = count(a[i++], name);
          if (i + nv > a.length) fail('DB_IncorrectArguments', `${name}: truncated list`, name);
          values = a.slice(i, i + nv);
          i += nv;
        } else {
          const v = a[i++];
          if (v === undefined) fail('DB_IncorrectArguments', `${name}: truncated list`, name);
          values = [v];
        }
        store.putSubProperty(space, owner, sub, prop, values);
      }
    }
  };
  const deleteSub = (space: SubPropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 2, name);
    const props = a.slice(2);
    if (props.length === 0) store.deleteSubProperty(space, a[0]!, a[1]!);
    for (const prop of props) store.deleteSubProperty(space, a[0]!, a[1]!, prop);
  };
  const deleteAllSub = (space: SubPropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    const subs = a.length > 1 ? a.slice(1) : store.subNames(space, a[0]!);
    for (const sub of subs) store.deleteSubProperty(space, a[0]!, sub);
  };
  const subList = (space: SubPropertySpace, name: string) => (argin: unknown) => {
    const a = strings(argin, 1, name);
    return store.subNames(space, a[0]!, a[1] ?? '*');
  };

  for (const [kind, space] of [
    ['Device', 'device_attribute'],
    ['Class', 'class_attribute'],
  ] as const) {
    cmd(`DbGet${kind}AttributeProperty2`, 'DevVarStringArray', 'DevVarStringArray', getSub(space, `DbGet${kind}AttributeProperty2`, true));
    cmd(`DbGet${kind}AttributeProperty`, 'DevVarStringArray', 'DevVarStringArray', getSub(space, `DbGet${kind}AttributeProperty`, false));
    cmd(`DbPut${kind}AttributeProperty2`, 'DevVarStringArray', 'DevVoid', putSub(space, `DbPut${kind}AttributeProperty2`, true));
    cmd(`DbPut${kind}AttributeProperty`, 'DevVarStringArray', 'DevVoid', putSub(space, `DbPut${kind}AttributeProperty`, false));
    cmd(`DbDelete${kind}AttributeProperty`, 'DevVarStringArray', 'DevVoid', deleteSub(space, `DbDelete${kind}AttributeProperty`));
    cmd(`DbDelete${kind}Attribute`, 'DevVarStringArray', 'DevVoid', deleteSub(space, `DbDelete${kind}Attribute`));
    cmd(`DbGet${kind}AttributeList`, 'DevVarStringArray', 'DevVarStringArray', subList(space, `DbGet${kind}AttributeList`));
  }
  cmd('DbDeleteAllDeviceAttributeProperty', 'DevVarStringArray', 'DevVoid', deleteAllSub('device_attribute', 'DbDeleteAllDeviceAttributeProperty'));
  for (const [kind, space] of [
    ['Device', 'device_pipe'],
    ['Class', 'class_pipe'],
  ] as const) {
    cmd(`DbGet${kind}PipeProperty`, 'DevVarStringArray', 'DevVarStringArray', getSub(space, `DbGet${kind}PipeProperty`, true));
    cmd(`DbPut${kind}PipeProperty`, 'DevVarStringArray', 'DevVoid', putSub(space, `DbPut${kind}PipeProperty`, true));
    cmd(`DbDelete${kind}PipeProperty`, 'DevVarStringArray', 'DevVoid', deleteSub(space, `DbDelete${kind}PipeProperty`));
    cmd(`DbDelete${kind}Pipe`, 'DevVarStringArray', 'DevVoid', deleteSub(space, `DbDelete${kind}Pipe`));
    cmd(`DbGet${kind}PipeList`, 'DevVarStringArray', 'DevVarStringArray', subList(space, `DbGet${kind}PipeList`));
  }
  cmd('DbDeleteAllDevicePipeProperty', 'DevVarStringArray', 'DevVoid', deleteAllSub('device_pipe', 'DbDeleteAllDevicePipeProperty'));

  // ---------- devices and servers ----------
  const addDevice = (server: string, device: string, className: string, command: string): void => {
    checkDeviceName(device, command);
    if (!/^[^/]+\/[^/]+$/.test(server)) fail('DB_IncorrectServerName', `server name ${server} is not of the form executable/instance`, command);
    store.addDevice(server, device, className);
    if (!store.device(`dserver/${server}`)) store.addDevice(server, `dserver/${server}`, 'DServer');
  };
  cmd('DbAddServer', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 3, 'DbAddServer');
    if ((a.length - 1) % 2 !== 0) fail('DB_IncorrectArguments', 'DbAddServer expects [server, device, class, ...]', 'DbAddServer');
    for (let i = 1; i < a.length; i += 2) addDevice(a[0]!, a[i]!, a[i + 1]!, 'DbAddServer');
  });
  cmd('DbAddDevice', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 3, 'DbAddDevice');
    addDevice(a[0]!, a[1]!, a[2]!, 'DbAddDevice');
  });
  cmd('DbDeleteServer', 'DevString', 'DevVoid', (argin) => {
    const server = str(argin, 'DbDeleteServer');
    if (server.includes('*')) fail('DB_IncorrectServerName', 'wildcards are not allowed in DbDeleteServer', 'DbDeleteServer');
    store.deleteServer(server);
  });
  cmd('DbDeleteDevice', 'DevString', 'DevVoid', (argin) => {
    const name = str(argin, 'DbDeleteDevice');
    checkDeviceName(name, 'DbDeleteDevice');
    store.deleteDevice(name);
  });
  cmd('DbRenameServer', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 2, 'DbRenameServer');
    if (store.servers(a[1]).length > 0) fail('DB_IncorrectServerName', `server ${a[1]} already exists`, 'DbRenameServer');
    if (store.servers(a[0]).length === 0) fail('DB_IncorrectServerName', `server ${a[0]} not defined in database`, 'DbRenameServer');
    store.renameServer(a[0]!, a[1]!);
  });
  cmd('DbExportDevice', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 5, 'DbExportDevice');
    const pid = a[3] === 'null' ? 0 : Number.parseInt(a[3]!, 10) || 0;
    if (!store.exportDevice(a[0]!, a[1]!, a[2]!, pid, a[4]!, now())) fail('DB_DeviceNotDefined', `device ${a[0]} not defined in the database !`, 'DbExportDevice');
  });
  cmd('DbUnExportDevice', 'DevString', 'DevVoid', (argin) => {
    const name = str(argin, 'DbUnExportDevice');
    if (!store.unexportDevice(name, now())) fail('DB_DeviceNotDefined', `device ${name} not defined in the database !`, 'DbUnExportDevice');
  });
  cmd('DbUnExportServer', 'DevString', 'DevVoid', (argin) => {
    store.unexportServer(str(argin, 'DbUnExportServer'), now());
  });
  const notDefined = (name: string, command: string): never => fail('DB_DeviceNotDefined', `device ${name} not defined in the database !`, command);
  cmd('DbImportDevice', 'DevString', 'DevVarLongStringArray', (argin): LongStringArray => {
    const name = str(argin, 'DbImportDevice');
    const d = store.device(name) ?? notDefined(name, 'DbImportDevice');
    return { lvalue: [d.exported ? 1 : 0, d.pid], svalue: [d.name, d.ior, d.version, d.server, d.host, d.className] };
  });
  cmd('DbGetDeviceInfo', 'DevString', 'DevVarLongStringArray', (argin): LongStringArray => {
    const name = str(argin, 'DbGetDeviceInfo');
    const d = store.device(name) ?? notDefined(name, 'DbGetDeviceInfo');
    return {
      lvalue: [d.exported ? 1 : 0, d.pid || -1],
      svalue: [d.name, d.ior, d.version, d.server, d.host, d.started ?? '?', d.stopped ?? '?', d.className],
    };
  });
  cmd('DbGetClassForDevice', 'DevString', 'DevString', (argin) => {
    const name = str(argin, 'DbGetClassForDevice');
    return (store.device(name) ?? fail('DB_IncorrectArguments', `Class not found for ${name}`, 'DbGetClassForDevice')).className;
  });
  cmd('DbGetClassInheritanceForDevice', 'DevString', 'DevVarStringArray', (argin) => {
    const name = str(argin, 'DbGetClassInheritanceForDevice');
    const d = store.device(name);
    return d ? [d.className, 'Device_5Impl'] : [];
  });
  cmd('DbGetDeviceList', 'DevVarStringArray', 'DevVarStringArray', (argin) => {
    const a = strings(argin, 2, 'DbGetDeviceList');
    return store.devices({ server: a[0]!, className: a[1]! }).map((d) => d.name);
  });
  cmd('DbGetDeviceClassList', 'DevString', 'DevVarStringArray', (argin) =>
    store.devices({ server: str(argin, 'DbGetDeviceClassList') }).flatMap((d) => [d.name, d.className]),
  );
  cmd('DbGetDeviceServerClassList', 'DevString', 'DevVarStringArray', (argin) => [
    ...new Set(store.devices({ server: str(argin, 'DbGetDeviceServerClassList') }).map((d) => d.className)),
  ]);
  cmd('DbGetDeviceExportedList', 'DevString', 'DevVarStringArray', (argin) =>
    store.devices({ namePattern: str(argin, 'DbGetDeviceExportedList'), exported: true }).map((d) => d.name),
  );
  cmd('DbGetDeviceWideList', 'DevString', 'DevVarStringArray', (argin) => store.devices({ namePattern: str(argin, 'DbGetDeviceWideList') }).map((d) => d.name));
  cmd('DbGetExportdDeviceListForClass', 'DevString', 'DevVarStringArray', (argin) =>
    store.devices({ className: str(argin, 'DbGetExportdDeviceListForClass'), exported: true }).map((d) => d.name),
  );
  const nameParts = (pattern: string, level: 0 | 1 | 2): string[] => {
    const out = new Set<string>();
    for (const d of store.devices({ namePattern: pattern })) {
      const part = d.name.split('/')[level];
      if (part !== undefined) out.add(part);
    }
    return [...out].sort();
  };
  cmd('DbGetDeviceDomainList', 'DevString', 'DevVarStringArray', (argin) => nameParts(str(argin, 'DbGetDeviceDomainList'), 0));
  cmd('DbGetDeviceFamilyList', 'DevString', 'DevVarStringArray', (argin) => nameParts(str(argin, 'DbGetDeviceFamilyList'), 1));
  cmd('DbGetDeviceMemberList', 'DevString', 'DevVarStringArray', (argin) => nameParts(str(argin, 'DbGetDeviceMemberList'), 2));
  cmd('DbGetClassList', 'DevString', 'DevVarStringArray', (argin) => [
    ...new Set(store.devices({ className: str(argin, 'DbGetClassList') }).map((d) => d.className)),
  ].sort());
  cmd('DbGetServerList', 'DevString', 'DevVarStringArray', (argin) => store.servers(str(argin, 'DbGetServerList')));
  cmd('DbGetServerNameList', 'DevString', 'DevVarStringArray', (argin) => {
    const pattern = str(argin, 'DbGetServerNameList');
    return [...new Set(store.servers(`${pattern}/*`).map((s) => s.split('/')[0]!))];
  });
  cmd('DbGetInstanceNameList', 'DevString', 'DevVarStringArray', (argin) => {
    const exec = str(argin, 'DbGetInstanceNameList');
    return store.servers(`${exec}/*`).map((s) => s.split('/')[1]!);
  });
  cmd('DbGetHostList', 'DevString', 'DevVarStringArray', (argin) => {
    const hosts = new Set(store.devices({ host: str(argin, 'DbGetHostList') }).map((d) => d.host));
    hosts.delete('nada');
    return [...hosts].sort();
  });
  cmd('DbGetHostServerList', 'DevString', 'DevVarStringArray', (argin) => [
    ...new Set(store.devices({ host: str(argin, 'DbGetHostServerList') }).map((d) => d.server)),
  ]);
  cmd('DbGetHostServersInfo', 'DevString', 'DevVarStringArray', (argin) =>
    store.serversOnHost(str(argin, 'DbGetHostServersInfo')).flatMap((s) => [s.name, String(s.mode), String(s.level)]),
  );
  cmd('DbGetServerInfo', 'DevString', 'DevVarStringArray', (argin) => {
    const name = str(argin, 'DbGetServerInfo');
    const s = store.serverInfo(name);
    return s ? [s.name, s.host || ' ', String(s.mode), String(s.level)] : [name, ' ', ' ', ' '];
  });
  cmd('DbPutServerInfo', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 1, 'DbPutServerInfo');
    store.putServerInfo(a[0]!, a[1] ?? '', Number(a[2] ?? 0) || 0, Number(a[3] ?? 0) || 0);
  });
  cmd('DbDeleteServerInfo', 'DevString', 'DevVoid', (argin) => store.deleteServerInfo(str(argin, 'DbDeleteServerInfo')));

  // ---------- aliases ----------
  cmd('DbPutDeviceAlias', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 2, 'DbPutDeviceAlias');
    const owner = store.device(a[1]!);
    if (owner && owner.name.toLowerCase() !== a[0]!.toLowerCase()) fail('DB_SQLError', `alias ${a[1]} already used by ${owner.name}`, 'DbPutDeviceAlias');
    if (!store.setAlias(a[0]!, a[1]!)) notDefined(a[0]!, 'DbPutDeviceAlias');
  });
  cmd('DbDeleteDeviceAlias', 'DevString', 'DevVoid', (argin) => {
    const alias = str(argin, 'DbDeleteDeviceAlias');
    const d = store.devices().find((x) => x.alias?.toLowerCase() === alias.toLowerCase());
    if (d) store.setAlias(d.name, null);
  });
  cmd('DbGetDeviceAlias', 'DevString', 'DevString', (argin) => {
    const name = str(argin, 'DbGetDeviceAlias');
    const d = store.devices({ namePattern: name })[0];
    if (!d?.alias) fail('DB_AliasNotDefined', `No alias found for device ${name}`, 'DbGetDeviceAlias');
    return d.alias;
  });
  cmd('DbGetAliasDevice', 'DevString', 'DevString', (argin) => {
    const alias = str(argin, 'DbGetAliasDevice');
    const d = store.devices().find((x) => x.alias?.toLowerCase() === alias.toLowerCase());
    if (!d) fail('DB_DeviceNotDefined', `No device found for alias ${alias}`, 'DbGetAliasDevice');
    return d.name;
  });
  cmd('DbGetDeviceAliasList', 'DevString', 'DevVarStringArray', (argin) => {
    const re = wildcardRegExp(str(argin, 'DbGetDeviceAliasList'));
    return store
      .devices()
      .map((d) => d.alias)
      .filter((a): a is string => !!a && re.test(a))
      .sort();
  });
  cmd('DbPutAttributeAlias', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 2, 'DbPutAttributeAlias');
    if (a[0]!.split('/').length !== 4) fail('DB_IncorrectArguments', `attribute name ${a[0]} is not dev/fam/member/attr`, 'DbPutAttributeAlias');
    store.putAttributeAlias(a[0]!, a[1]!);
  });
  cmd('DbDeleteAttributeAlias', 'DevString', 'DevVoid', (argin) => store.deleteAttributeAlias(str(argin, 'DbDeleteAttributeAlias')));
  const aliasTarget = (argin: unknown, command: string): string => {
    const alias = str(argin, command);
    return store.attributeAlias(alias) ?? fail('DB_SQLError', `No attribute found for alias ${alias}`, command);
  };
  cmd('DbGetAttributeAlias', 'DevString', 'DevString', (argin) => aliasTarget(argin, 'DbGetAttributeAlias'));
  cmd('DbGetAliasAttribute', 'DevString', 'DevString', (argin) => aliasTarget(argin, 'DbGetAliasAttribute'));
  cmd('DbGetAttributeAlias2', 'DevString', 'DevString', (argin) => store.aliasOfAttribute(str(argin, 'DbGetAttributeAlias2')) ?? '');
  cmd('DbGetAttributeAliasList', 'DevString', 'DevVarStringArray', (argin) => store.attributeAliases(str(argin, 'DbGetAttributeAliasList')));

  // ---------- history: this database keeps none ----------
  for (const name of ['DbGetDevicePropertyHist', 'DbGetClassPropertyHist', 'DbGetPropertyHist', 'DbGetDeviceAttributePropertyHist', 'DbGetClassAttributePropertyHist', 'DbGetDevicePipePropertyHist', 'DbGetClassPipePropertyHist']) {
    cmd(name, 'DevVarStringArray', 'DevVarStringArray', (argin) => {
      strings(argin, 2, name);
      return [];
    });
  }

  // ---------- events (old notifd channels) ----------
  cmd('DbExportEvent', 'DevVarStringArray', 'DevVoid', (argin) => {
    const a = strings(argin, 5, 'DbExportEvent');
    store.exportEvent(a[0]!, a[1]!, a[2]!, Number.parseInt(a[3]!, 10) || 0, a[4]!);
  });
  cmd('DbUnExportEvent', 'DevString', 'DevVoid', (argin) => store.unexportEvent(str(argin, 'DbUnExportEvent')));
  cmd('DbImportEvent', 'DevString', 'DevVarLongStringArray', (argin): LongStringArray => {
    const name = str(argin, 'DbImportEvent');
    const e = store.event(name) ?? fail('DB_DeviceNotDefined', `event channel ${name} not defined in the database !`, 'DbImportEvent');
    return { lvalue: [e.exported ? 1 : 0, e.pid], svalue: [e.name, e.ior, e.version, e.host] };
  });

  // ---------- misc ----------
  cmd('DbGetCSDbServerList', 'DevVoid', 'DevVarStringArray', () => options.csDbServers());
  cmd('DbInfo', 'DevVoid', 'DevVarStringArray', () => {
    const c = store.counts();
    return [
      'TANGO Database sys/database/2 (embedded, @observatory/tango)',
      ' ',
      `Running since ${now()}`,
      ' ',
      `Devices defined = ${c.devices}`,
      `Devices exported = ${c.exportedDevices}`,
      `Device servers defined = ${c.servers}`,
      `Device servers exported = ${c.exportedServers}`,
      ' ',
      `Class properties defined = ${c.classProperties}`,
      `Device properties defined = ${c.deviceProperties}`,
      `Class attribute properties defined = ${c.classAttributeProperties}`,
      `Device attribute properties defined = ${c.deviceAttributeProperties}`,
      `Object properties defined = ${c.freeProperties}`,
    ];
  });
  // cppTango falls back to individual calls when this fails (Util::server_init catches DevFailed).
  cmd('DbGetDataForServerCache', 'DevVarStringArray', 'DevVarStringArray', () =>
    fail('API_CommandNotFound', 'DbGetDataForServerCache is not implemented by this database; use the individual commands', 'DbGetDataForServerCache'),
  );
  cmd('DbMySqlSelect', 'DevString', 'DevVarLongStringArray', () => fail('DB_SQLError', 'this database is not MySQL', 'DbMySqlSelect'));
  cmd('ResetTimingValues', 'DevVoid', 'DevVoid', () => undefined);
  return list;
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}
