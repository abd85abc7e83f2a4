import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOlderIdlFormsMatchIdl5 } from '../support/older-idl-forms.js';
import { DatabaseServer } from '../../src/database/database-server.js';
import { TangoTestClass } from '../../src/devices/tango-test.js';
import { DevFailedError, MultiDevFailedError } from '../../src/errors/tango-errors.js';
import { ConnectionPool } from '../../src/giop/pool.js';
import { Database } from '../../src/client/database.js';
import { DeviceProxy } from '../../src/client/device-proxy.js';
import type { CommandInput } from '../../src/idl/command-any.js';
import { EventSubscriber, addObjPollingArg, type TangoEvent } from '../../src/events/subscriber.js';
import { DeviceServer } from '../../src/server/device-server.js';
import { EventDeviceClass } from './helpers.js';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** TangoTest's echo commands with edge values, plus the types only the TS device serves (T-FUNC-1). */
const echoCases: Array<[string, CommandInput]> = [
  ['DevBoolean', true],
  ['DevShort', -32768],
  ['DevShort', 32767],
  ['DevLong', -2147483648],
  ['DevFloat', Infinity],
  ['DevDouble', Number.MAX_VALUE],
  ['DevDouble', -Infinity],
  ['DevUShort', 65535],
  ['DevULong', 4294967295],
  ['DevLong64', I64_MIN],
  ['DevLong64', I64_MAX],
  ['DevULong64', U64_MAX],
  ['DevString', ''],
  ['DevString', 'latin-1 é ÿ ©'],
  ['DevUChar', 255],
  ['DevVarCharArray', new Uint8Array([0, 1, 255])],
  ['DevVarShortArray', new Int16Array([-32768, 0, 32767])],
  ['DevVarUShortArray', new Uint16Array([0, 65535])],
  ['DevVarLongArray', new Int32Array([-2147483648, 2147483647])],
  ['DevVarULongArray', new Uint32Array([0, 4294967295])],
  ['DevVarLong64Array', new BigInt64Array([I64_MIN, I64_MAX])],
  ['DevVarULong64Array', new BigUint64Array([0n, U64_MAX])],
  ['DevVarFloatArray', new Float32Array([0, -1.5])],
  ['DevVarDoubleArray', new Float64Array([])],
  ['DevVarStringArray', ['', 'é']],
  ['DevVarBooleanArray', [true, false]],
  ['DevVarLongStringArray', { lvalue: new Int32Array([1, -2]), svalue: ['x', ''] }],
  ['DevVarDoubleStringArray', { dvalue: new Float64Array([1.5]), svalue: ['y'] }],
  ['DevEncoded', { encoded_format: 'raw', encoded_data: new Uint8Array([1, 2, 3]) }],
  ['DevState', 'MOVING'],
];

function modes(): Array<{ mode: 'nodb' | 'db' }> {
  return [{ mode: 'nodb' }, { mode: 'db' }];
}

describe.each(modes())('our client → our TypeScript TangoTest ($mode)', ({ mode }) => {
  let db: DatabaseServer | undefined;
  let server: DeviceServer;
  let pool: ConnectionPool;
  let dev: DeviceProxy;
  let events: DeviceProxy;
  let database: Database | undefined;

  beforeAll(async () => {
    if (mode === 'db') {
      db = new DatabaseServer({ port: 0 });
      await db.start();
    }
    server = new DeviceServer({
      executable: 'TangoTest',
      instance: 'client',
      tangoHost: db?.tangoHost,
      devices: [
        { deviceClass: TangoTestClass, name: 'sys/tg_test/1' },
        { deviceClass: EventDeviceClass, name: 'test/events/1' },
      ],
    });
    await server.start();
    pool = new ConnectionPool();
    if (db) database = new Database({ tangoHost: db.tangoHost, pool });
    dev = new DeviceProxy(server.deviceUrl('sys/tg_test/1'), { pool, database, timeoutMs: 10_000 });
    events = new DeviceProxy(server.deviceUrl('test/events/1'), { pool, database, timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await dev?.close();
    await events?.close();
    await pool?.close();
    await server?.close();
    await db?.close();
  });

  it('answers the IDL 4/3 operations older clients use (read_attributes_4, get_attribute_config_3) like their IDL 5 forms', async () => {
    await expectOlderIdlFormsMatchIdl5(dev);
  });

  it('pings and reports info, state, status and the admin device', async () => {
    expect(await dev.ping()).toBeGreaterThanOrEqual(0);
    expect(await dev.info()).toMatchObject({ devClass: 'TangoTest', serverId: 'TangoTest/client', serverVersion: 5 });
    expect(await dev.state()).toBe('RUNNING');
    expect(await dev.status()).toBe('The device is in RUNNING state.');
    expect((await dev.adminName()).toLowerCase()).toContain('dserver/tangotest/client');
  });

  it.each(echoCases)('echoes %s', async (command, value) => {
    expect(await dev.command(command, value)).toEqual(value);
  });

  it('echoes a 1 M-element DevVarDoubleArray', async () => {
    const big = Float64Array.from({ length: 1_000_000 }, (_, i) => i * 0.5);
    const out = (await dev.command('DevVarDoubleArray', big)) as Float64Array;
    expect(out.length).toBe(big.length);
    expect(out[999_999]).toBe(499_999.5);
  });

  it('reads every attribute, with per-attribute errors as values', async () => {
    const names = await dev.attributeList();
    expect(names).toHaveLength(62);
    const all = await dev.readMany(names);
    const failed = all.filter((r) => r.error).map((r) => [r.name, r.error!.reason]);
    expect(failed).toEqual([
      ['no_value', 'API_AttrValueNotSet'],
      ['throw_exception', 'exception test'],
    ]);
    const img = all.find((r) => r.name === 'uchar_image_ro')!;
    expect(img.dim).toEqual({ x: 251, y: 251 });
  });

  it('writes and reads back every writable scalar, spectrum and image', async () => {
    const writes: Array<[string, unknown]> = [
      ['boolean_scalar', true],
      ['short_scalar', -7],
      ['long_scalar', 123],
      ['long64_scalar', I64_MIN],
      ['ulong64_scalar', U64_MAX],
      ['float_scalar', 1.5],
      ['double_scalar', 3.25],
      ['string_scalar', 'é'],
      ['uchar_scalar', 255],
      ['ushort_scalar', 65535],
      ['ulong_scalar', 4294967295],
      ['double_spectrum', [1.5, 2.5, 3.5]],
      ['string_spectrum', ['a', 'b']],
      ['long_image', [[1, 2, 3], [4, 5, 6]]],
    ];
    for (const [name, value] of writes) {
      await dev.write(name, value as never);
      const r = await dev.read(name);
      const norm = (v: unknown): unknown => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : Array.isArray(v) ? v.map(norm) : v);
      const expected = Array.isArray(value) && Array.isArray(value[0]) ? (value as number[][]).flat() : value;
      expect(norm(r.writeValue), name).toEqual(norm(expected));
    }
    const wr = await dev.writeRead('double_scalar', 7.5);
    expect(wr.value).toBe(7.5);
  });

  it('maps DevFailed, MultiDevFailed and limits', async () => {
    await expect(dev.command('NoSuchCommand')).rejects.toMatchObject({ reason: 'API_CommandNotFound' });
    const ro = await dev.write('short_scalar_ro', 3).catch((e: unknown) => e);
    expect(ro).toBeInstanceOf(MultiDevFailedError);
    expect((ro as MultiDevFailedError).reason).toBe('API_AttrNotWritable');
    const big = Array.from({ length: 300 }, () => Array.from({ length: 300 }, () => 1));
    const lim = await dev.write('double_image', big).catch((e: unknown) => e);
    expect((lim as DevFailedError).reason).toBe('API_WAttrOutsideLimit');
    await expect(dev.command('CrashFromOmniThread')).rejects.toBeInstanceOf(DevFailedError);
  });

  it('answers 1000 concurrent reads on one connection, each matched to its request', async () => {
    const names = ['short_scalar_ro', 'long_scalar', 'double_scalar', 'State'];
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => dev.read(names[i % names.length]!)));
    results.forEach((r, i) => expect(r.name.toLowerCase()).toBe(names[i % names.length]!.toLowerCase()));
  });

  it('delivers change events (polling with abs_change) and user events pushed by device code', async () => {
    const subscriber = new EventSubscriber({ confirmPeriodMs: 200_000 });
    try {
      const admin = await dev.adminDevice();
      await admin.command('AddObjPolling', addObjPollingArg('sys/tg_test/1', 'long_scalar', 100));
      const [cfg] = await dev.attributeConfig(['long_scalar']);
      cfg!.event_prop.ch_event.abs_change = '1';
      await dev.setAttributeConfig([cfg!]);
      const change: TangoEvent[] = [];
      const user: TangoEvent[] = [];
      await subscriber.subscribe(dev, 'long_scalar', 'change', (e) => change.push(e));
      await subscriber.subscribe(events, 'counter', 'user_event', (e) => user.push(e));
      await dev.write('long_scalar', 42);
      await expect.poll(() => change.some((e) => e.source === 'event' && e.reading?.value === 42), { timeout: 10_000 }).toBe(true);
      await events.command('Bump');
      await expect.poll(() => user.some((e) => e.source === 'event' && e.reading?.value === 1), { timeout: 10_000 }).toBe(true);
      expect(change.every((e) => !e.error)).toBe(true);
      const ready: TangoEvent[] = [];
      await subscriber.subscribe(events, 'counter', 'data_ready', (e) => ready.push(e));
      // data_ready has no current value to read, so `subscribe` returns as soon as the topic is added; a push right
      // after it can overtake the subscription on its way to the publisher: push until one arrives.
      await expect
        .poll(
          async () => {
            if (!ready.some((e) => e.dataReady)) await events.command('Ready', 7);
            return ready.find((e) => e.dataReady)?.dataReady;
          },
          { timeout: 10_000 },
        )
        .toMatchObject({ name: 'counter', ctr: 7, data_type: 3 });
      const conf: TangoEvent[] = [];
      await subscriber.subscribe(dev, 'long_scalar', 'attr_conf', (e) => conf.push(e));
      cfg!.unit = 'V';
      await dev.setAttributeConfig([cfg!]);
      await expect.poll(() => conf.some((e) => e.source === 'event' && e.config?.unit === 'V'), { timeout: 10_000 }).toBe(true);
      await admin.command('RemObjPolling', ['sys/tg_test/1', 'attribute', 'long_scalar']);
    } finally {
      await subscriber.close();
    }
  }, 30_000);

  it('a change pushed right after subscribe resolves reaches a subscriber on a new event socket', async () => {
    // Each subscriber opens its own ZMQ socket; subscribe waits for its handshake before reading the current
    // value, so the Bump's change event cannot fall into ZeroMQ's slow-joiner window (lost 5 times in 150 under
    // load before it did).
    for (let i = 0; i < 15; i++) {
      const subscriber = new EventSubscriber({ confirmPeriodMs: 200_000 });
      try {
        const got: TangoEvent[] = [];
        await subscriber.subscribe(events, 'counter', 'change', (e) => got.push(e));
        const n = (await events.command('Bump')) as number;
        await expect.poll(() => got.some((e) => e.source === 'event' && e.reading?.value === n), { timeout: 3_000 }).toBe(true);
      } finally {
        await subscriber.close();
      }
    }
  }, 60_000);
});

describe('our Database client → the embedded database (T-IOP-5)', () => {
  let db: DatabaseServer;
  let database: Database;

  beforeAll(async () => {
    db = new DatabaseServer({ port: 0 });
    await db.start();
    database = new Database({ tangoHost: db.tangoHost });
  });
  afterAll(async () => {
    await database?.close();
    await db?.close();
  });

  it('registers, exports, imports, lists, stores properties and unexports', async () => {
    await database.addServer('MyExec/inst', [
      { name: 'a/b/c', className: 'MyClass' },
      { name: 'a/b/d', className: 'MyClass' },
    ]);
    expect(await database.getServerList('MyExec/*')).toEqual(['MyExec/inst']);
    expect(await database.getDeviceList('MyExec/inst', 'MyClass')).toEqual(['a/b/c', 'a/b/d']);
    await database.exportDevice({ name: 'a/b/c', ior: 'IOR:00', host: 'vm', pid: 42 });
    expect(await database.importDevice('a/b/c')).toMatchObject({ exported: true, pid: 42, ior: 'IOR:00', server: 'MyExec/inst', className: 'MyClass' });
    expect(await database.getDeviceExportedList('a/*')).toEqual(['a/b/c']);
    expect((await database.getDeviceInfo('a/b/c')).exported).toBe(true);
    await database.putDeviceProperty('a/b/c', { speed: [1, 2], name: 'x' });
    expect(await database.getDeviceProperty('a/b/c', ['speed', 'name', 'missing'])).toMatchObject({ speed: ['1', '2'], name: ['x'] });
    await database.deleteDeviceProperty('a/b/c', ['speed']);
    expect((await database.getDeviceProperty('a/b/c', ['speed'])).speed ?? []).toEqual([]);
    await database.putClassProperty('MyClass', { p: 'v' });
    expect(await database.getClassProperty('MyClass', ['p'])).toMatchObject({ p: ['v'] });
    await database.putProperty('Obj', { q: ['1'] });
    expect(await database.getProperty('Obj', ['q'])).toMatchObject({ q: ['1'] });
    expect(await database.getDatabaseServers()).toEqual([db.tangoHost]);
    await database.unexportServer('MyExec/inst');
    expect((await database.importDevice('a/b/c')).exported).toBe(false);
    await database.deleteServer('MyExec/inst');
    expect(await database.getServerList('MyExec/*')).toEqual([]);
    await expect(database.importDevice('a/b/c')).rejects.toMatchObject({ reason: 'DB_DeviceNotDefined' });
  });
});

describe('device server start failures', () => {
  it('closes what it opened when the database is unreachable', async () => {
    const server = new DeviceServer({ executable: 'X', instance: 'y', tangoHost: '127.0.0.1:1', devices: [{ deviceClass: TangoTestClass, name: 'x/y/z' }] });
    await expect(server.start()).rejects.toMatchObject({ code: 'TANGO_CONNECTION' });
    await server.close(); // idempotent after a failed start
  });

  it('refuses malformed device names', async () => {
    const server = new DeviceServer({ executable: 'X', instance: 'y', devices: [{ deviceClass: TangoTestClass, name: 'not-a-device' }] });
    await expect(server.start()).rejects.toMatchObject({ reason: 'API_WrongDeviceName' });
  });
});
