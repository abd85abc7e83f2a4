import { describe, expect, it } from 'vitest';
import { DevFailedError } from '../errors/tango-errors.js';
import { databaseCommands } from './db-commands.js';
import { DbStore } from './db-store.js';

function db() {
  const store = new DbStore(':memory:');
  const cmds = new Map(databaseCommands(store, { csDbServers: () => ['127.0.0.1:10000'], now: () => new Date(2026, 0, 2, 3, 4, 5) }).map((c) => [c.name, c]));
  const run = (name: string, argin?: unknown): unknown => {
    const c = cmds.get(name);
    if (!c) throw new Error(`no command ${name}`);
    return c.run(argin);
  };
  const reason = (name: string, argin?: unknown): string | undefined => {
    try {
      run(name, argin);
      return undefined;
    } catch (err) {
      return err instanceof DevFailedError ? err.reason : `not a DevFailed: ${String(err)}`;
    }
  };
  return { store, run, reason, cmds };
}

describe('embedded database commands (sys/database/2)', () => {
  it('registers a server, exports, imports and unexports its devices', () => {
    const { run, reason } = db();
    run('DbAddServer', ['MyExec/inst', 'a/b/c', 'MyClass', 'a/b/d', 'MyClass']);
    expect(run('DbGetServerList', 'My*')).toEqual(['MyExec/inst']);
    expect(run('DbGetDeviceClassList', 'MyExec/inst')).toEqual(['a/b/c', 'MyClass', 'a/b/d', 'MyClass', 'dserver/MyExec/inst', 'DServer']);
    expect(run('DbImportDevice', 'a/b/c')).toEqual({ lvalue: [0, 0], svalue: ['a/b/c', 'nada', '0', 'MyExec/inst', 'nada', 'MyClass'] });
    run('DbExportDevice', ['a/b/c', 'IOR:0102', 'vm', '4242', '5']);
    expect(run('DbImportDevice', 'A/B/C')).toEqual({ lvalue: [1, 4242], svalue: ['a/b/c', 'IOR:0102', '5', 'MyExec/inst', 'vm', 'MyClass'] });
    expect(run('DbGetDeviceExportedList', '*')).toEqual(['a/b/c']);
    expect(run('DbGetDeviceInfo', 'a/b/c')).toEqual({
      lvalue: [1, 4242],
      svalue: ['a/b/c', 'IOR:0102', '5', 'MyExec/inst', 'vm', '2026-01-02 03:04:05', '?', 'MyClass'],
    });
    run('DbUnExportServer', 'MyExec/inst');
    expect((run('DbImportDevice', 'a/b/c') as { lvalue: number[] }).lvalue[0]).toBe(0);
    expect(reason('DbImportDevice', 'x/y/z')).toBe('DB_DeviceNotDefined');
    expect(reason('DbExportDevice', ['x/y/z', 'IOR:', 'h', '1', '5'])).toBe('DB_DeviceNotDefined');
    expect(reason('DbAddDevice', ['MyExec/inst', 'not-a-device', 'C'])).toBe('DB_IncorrectDeviceName');
    run('DbDeleteServer', 'MyExec/inst');
    expect(run('DbGetServerList', '*')).toEqual([]);
  });

  it('stores device, class and free properties in the flat count layout', () => {
    const { run } = db();
    run('DbAddDevice', ['S/1', 'a/b/c', 'C']);
    run('DbPutDeviceProperty', ['a/b/c', '2', 'polled_attr', '2', 'double_scalar', '200', 'empty', '0']);
    expect(run('DbGetDeviceProperty', ['a/b/c', 'polled_attr', 'missing'])).toEqual(['a/b/c', '2', 'polled_attr', '2', 'double_scalar', '200', 'missing', '0', ' ']);
    expect(run('DbGetDevicePropertyList', ['a/b/c', '*'])).toEqual(['polled_attr']);
    expect(run('DbGetDeviceProperty', ['a/b/c', 'poll*'])).toEqual(['a/b/c', '1', 'polled_attr', '2', 'double_scalar', '200']);
    run('DbDeleteDeviceProperty', ['a/b/c', 'polled_attr']);
    expect(run('DbGetDeviceProperty', ['a/b/c', 'polled_attr'])).toEqual(['a/b/c', '1', 'polled_attr', '0', ' ']);
    run('DbPutClassProperty', ['C', '1', 'cp', '1', 'v']);
    expect(run('DbGetClassProperty', ['C', 'cp'])).toEqual(['C', '1', 'cp', '1', 'v']);
    run('DbPutProperty', ['CtrlSystem', '1', 'Services', '2', 'a', 'b']);
    expect(run('DbGetProperty', ['CtrlSystem', 'Services'])).toEqual(['CtrlSystem', '1', 'Services', '2', 'a', 'b']);
    expect(run('DbGetObjectList', '*')).toEqual(['CtrlSystem']);
  });

  it('stores attribute properties (version 2 layout) and deletes them', () => {
    const { run } = db();
    run('DbPutDeviceAttributeProperty2', ['a/b/c', '1', 'double_scalar', '2', 'abs_change', '2', '-0.01', '0.01', 'unit', '1', 'mm']);
    expect(run('DbGetDeviceAttributeProperty2', ['a/b/c', 'double_scalar', 'other'])).toEqual([
      'a/b/c',
      '2',
      'double_scalar',
      '2',
      'abs_change',
      '2',
      '-0.01',
      '0.01',
      'unit',
      '1',
      'mm',
      'other',
      '0',
    ]);
    expect(run('DbGetDeviceAttributeProperty', ['a/b/c', 'double_scalar'])).toEqual(['a/b/c', '1', 'double_scalar', '2', 'abs_change', '-0.01\n0.01', 'unit', 'mm']);
    run('DbDeleteDeviceAttributeProperty', ['a/b/c', 'double_scalar', 'unit']);
    expect(run('DbGetDeviceAttributeList', ['a/b/c', '*'])).toEqual(['double_scalar']);
    run('DbDeleteAllDeviceAttributeProperty', ['a/b/c']);
    expect(run('DbGetDeviceAttributeList', ['a/b/c', '*'])).toEqual([]);
  });

  it('refuses malformed lists with a typed DevFailed and changes nothing', () => {
    const { run, reason } = db();
    expect(reason('DbPutDeviceProperty', ['a/b/c', '1', 'p', '5', 'only-one'])).toBe('DB_IncorrectArguments');
    expect(reason('DbPutDeviceProperty', ['a/b/c', 'x'])).toBe('DB_IncorrectArguments');
    expect(reason('DbPutDeviceProperty', 'not-an-array')).toBe('DB_IncorrectArguments');
    expect(run('DbGetDevicePropertyList', ['a/b/c', '*'])).toEqual([]);
    expect(reason('DbGetDataForServerCache', ['S/1', 'host'])).toBe('API_CommandNotFound');
  });

  it('answers names, aliases and the database server list', () => {
    const { run, reason } = db();
    run('DbAddServer', ['TangoTest/test', 'sys/tg_test/1', 'TangoTest']);
    expect(run('DbGetDeviceDomainList', '*')).toEqual(['dserver', 'sys']);
    expect(run('DbGetDeviceFamilyList', 'sys/*')).toEqual(['tg_test']);
    expect(run('DbGetDeviceMemberList', 'sys/tg_test/*')).toEqual(['1']);
    expect(run('DbGetClassList', '*')).toEqual(['DServer', 'TangoTest']);
    expect(run('DbGetDeviceList', ['TangoTest/*', 'TangoTest'])).toEqual(['sys/tg_test/1']);
    expect(run('DbGetServerNameList', '*')).toEqual(['TangoTest']);
    expect(run('DbGetInstanceNameList', 'TangoTest')).toEqual(['test']);
    run('DbPutDeviceAlias', ['sys/tg_test/1', 'tg']);
    expect(run('DbGetAliasDevice', 'tg')).toBe('sys/tg_test/1');
    expect(run('DbGetDeviceAlias', 'sys/tg_test/1')).toBe('tg');
    expect((run('DbImportDevice', 'tg') as { svalue: string[] }).svalue[0]).toBe('sys/tg_test/1');
    expect(reason('DbGetAliasDevice', 'nope')).toBe('DB_DeviceNotDefined');
    expect(run('DbGetCSDbServerList')).toEqual(['127.0.0.1:10000']);
  });

  it('treats % and _ literally and * as the wildcard', () => {
    const { run } = db();
    run('DbAddDevice', ['S/1', 'a/b_x/c', 'C']);
    run('DbAddDevice', ['S/1', 'a/bzx/c', 'C']);
    expect(run('DbGetDeviceWideList', 'a/b_x/*')).toEqual(['a/b_x/c']);
    expect(run('DbGetDeviceWideList', 'a/b%')).toEqual([]);
  });
});
