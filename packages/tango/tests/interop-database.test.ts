import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionPool,
  Database,
  DeviceProxy,
  EventSubscriber,
  TangoClient,
  addObjPollingArg,
  parseIor,
  type TangoEvent,
} from '../src/index.js';
import { startTangoDatabase, startTangoTest, tangoAvailability, type TangoDatabase, type TangoTestServer } from '../src/testing/index.js';

const available = tangoAvailability();
if (!available.database) console.warn(`[tango interop database] SKIPPED: ${available.reason}`);

/** Waits until `predicate` holds for the collected events, with a deadline (no sleeps). */
async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// One MariaDB + DataBaseds + TangoTest for the whole suite (T-ENV-1: ~15 s of setup, started once per run).
describe.skipIf(!available.database)('TS client → DataBaseds and TangoTest in database mode (T-IOP-1, T-IOP-2)', () => {
  let db: TangoDatabase;
  let tt: TangoTestServer;
  let pool: ConnectionPool;
  let database: Database;
  let dev: DeviceProxy;
  const device = 'sys/tg_test/1';

  beforeAll(async () => {
    db = await startTangoDatabase();
    tt = await startTangoTest({ tangoHost: db.tangoHost });
    pool = new ConnectionPool({ reconnectDelayMs: 200 });
    database = new Database({ tangoHost: db.tangoHost, pool });
    dev = new DeviceProxy(`tango://${db.tangoHost}/${device}`, { pool, database, timeoutMs: 5000 });
  }, 120_000);

  afterAll(async () => {
    await dev?.close();
    await database?.close();
    await pool?.close();
    await tt?.stop();
    await db?.stop();
  }, 60_000);

  it('imports the device: exported, IOR with an IIOP 1.2 profile on the TangoTest port', async () => {
    const imported = await database.importDevice(device);
    expect(imported).toMatchObject({ name: device, exported: true, server: 'TangoTest/test', className: 'TangoTest', version: '5' });
    const ior = parseIor(imported.ior);
    expect(ior.iiop).toMatchObject({ host: '127.0.0.1', port: tt.port, major: 1, minor: 2 });
    const info = await database.getDeviceInfo(device);
    expect(info).toMatchObject({ name: device, exported: true, className: 'TangoTest' });
  });

  it('lists servers, exported and declared devices, and database servers', async () => {
    expect(await database.getServerList('*')).toContain('TangoTest/test');
    expect(await database.getDeviceExportedList('sys/*')).toEqual(expect.arrayContaining([device, 'sys/database/2']));
    expect(await database.getDeviceWideList('*tg_test*')).toEqual([device]);
    expect((await database.getDatabaseServers()).length).toBeGreaterThan(0);
  });

  it('puts, gets and deletes device, class and free properties', async () => {
    // ASCII only: DataBaseds 9.3.4 talks utf8mb4 to MariaDB 10.11, which rejects Latin-1 bytes such as 'é'.
    await database.putDeviceProperty(device, { tsProp: ['a', 'b c'], tsNumber: 42 });
    expect(await database.getDeviceProperty(device, ['tsProp', 'tsNumber', 'missing'])).toEqual({ tsProp: ['a', 'b c'], tsNumber: ['42'], missing: [] });
    await database.deleteDeviceProperty(device, ['tsProp', 'tsNumber']);
    expect(await database.getDeviceProperty(device, ['tsProp'])).toEqual({ tsProp: [] });
    await database.putClassProperty('TsClass', { p: 'v' });
    expect(await database.getClassProperty('TsClass', ['p'])).toEqual({ p: ['v'] });
    await database.deleteClassProperty('TsClass', ['p']);
    await database.putProperty('TsObject', { k: ['1', '2'] });
    expect(await database.getProperty('TsObject', ['k'])).toEqual({ k: ['1', '2'] });
    await database.deleteProperty('TsObject', ['k']);
    expect(await database.getProperty('TsObject', ['k'])).toEqual({ k: [] });
  });

  it('registers, exports, unexports and deletes a server (DbAddServer/DbExportDevice/DbUnExportServer/DbDeleteServer)', async () => {
    await database.addServer('TsExec/ts1', [{ name: 'ts/dev/1', className: 'TsClass' }]);
    expect(await database.getServerList('TsExec/*')).toEqual(['TsExec/ts1']);
    expect(await database.getDeviceList('TsExec/ts1', 'TsClass')).toEqual(['ts/dev/1']);
    const ior = (await database.importDevice(device)).ior;
    await database.exportDevice({ name: 'ts/dev/1', ior, host: 'localhost', pid: process.pid });
    expect(await database.importDevice('ts/dev/1')).toMatchObject({ exported: true, pid: process.pid });
    await database.unexportServer('TsExec/ts1');
    expect((await database.importDevice('ts/dev/1')).exported).toBe(false);
    await database.deleteServer('TsExec/ts1');
    expect(await database.getServerList('TsExec/*')).toEqual([]);
  });

  it('TANGO_HOST failover: an unreachable first database is skipped', async () => {
    await using failover = new Database({ tangoHost: `127.0.0.1:1,${db.tangoHost}`, timeoutMs: 2000 });
    expect((await failover.importDevice(device)).exported).toBe(true);
  });

  it('a DeviceProxy found through the database reads, writes and runs commands', async () => {
    expect(await dev.state()).toBe('RUNNING');
    await dev.write('double_scalar', 1.25);
    expect((await dev.read('double_scalar')).writeValue).toBe(1.25);
    expect(await dev.command('DevString', 'hello')).toBe('hello');
    await using client = new TangoClient({ tangoHost: db.tangoHost });
    expect(await client.device(device).command('DevLong', 5)).toBe(5);
  });

  describe('events (ZMQ) and the polling fallback', () => {
    let events: EventSubscriber;
    let admin: DeviceProxy;

    beforeAll(async () => {
      events = new EventSubscriber({ confirmPeriodMs: 1000 });
      admin = await dev.adminDevice();
      for (const attr of ['double_scalar', 'long_scalar', 'State']) await admin.command('AddObjPolling', addObjPollingArg(device, attr, 100));
      const [config] = await dev.attributeConfig(['double_scalar']);
      await dev.setAttributeConfig([{ ...config!, event_prop: { ...config!.event_prop, ch_event: { ...config!.event_prop.ch_event, abs_change: '0.01' } } }]);
    }, 30_000);

    afterAll(async () => {
      await events?.close();
      await admin?.close();
    });

    it('change events on double_scalar: the first is the current value, then ZMQ events', async () => {
      const got: TangoEvent[] = [];
      const sub = await events.subscribe(dev, 'double_scalar', 'change', (e) => got.push(e));
      expect(got[0]).toMatchObject({ source: 'initial', type: 'change' });
      expect(typeof got[0]!.reading!.value).toBe('number');
      await waitFor('two ZMQ change events', () => got.filter((e) => e.source === 'event' && e.reading).length >= 2 || undefined, 10_000);
      expect(got.filter((e) => e.error)).toEqual([]);
      await sub.unsubscribe();
    });

    it('periodic events on long_scalar and attr_conf events', async () => {
      const periodic: TangoEvent[] = [];
      const conf: TangoEvent[] = [];
      const p = await events.subscribe(dev, 'long_scalar', 'periodic', (e) => periodic.push(e));
      const c = await events.subscribe(dev, 'double_scalar', 'attr_conf', (e) => conf.push(e));
      expect(conf[0]!.config!.name).toBe('double_scalar');
      await waitFor('a periodic event', () => periodic.some((e) => e.source === 'event') || undefined, 10_000);
      const [config] = await dev.attributeConfig(['double_scalar']);
      await dev.setAttributeConfig([{ ...config!, label: 'TS label' }]);
      await waitFor('an attr_conf event', () => conf.find((e) => e.source === 'event' && e.config?.label === 'TS label'), 10_000);
      await dev.setAttributeConfig([{ ...config!, label: 'double_scalar' }]);
      await p.unsubscribe();
      await c.unsubscribe();
    });

    it('State change events follow SwitchStates', async () => {
      const got: TangoEvent[] = [];
      const sub = await events.subscribe(dev, 'State', 'change', (e) => got.push(e));
      const first = got[0]!.reading!.value;
      await dev.command('SwitchStates');
      await waitFor('a State change event', () => got.find((e) => e.source === 'event' && e.reading && e.reading.value !== first), 10_000);
      await dev.command('SwitchStates');
      await sub.unsubscribe();
    });

    it('the polling fallback delivers the same events with one flag', async () => {
      const got: TangoEvent[] = [];
      const sub = await events.subscribe(dev, 'double_scalar', 'change', (e) => got.push(e), { polling: true, periodMs: 50 });
      expect(sub.mode).toBe('polling');
      expect(got[0]!.source).toBe('initial');
      await waitFor('polled changes', () => got.filter((e) => e.source === 'polling').length >= 2 || undefined, 10_000);
      await sub.unsubscribe();
    });

    it('sends EventConfirmSubscription with idl5_ triplets', async () => {
      const sub = await events.subscribe(dev, 'double_scalar', 'change', () => undefined);
      const [, triplets] = await new Promise<[string, string[]]>((resolve) => events.once('confirm', (a, t) => resolve([a, t])));
      expect(triplets).toEqual([device, 'double_scalar', 'idl5_change']);
      await sub.unsubscribe();
    });

    it('a stale object key after a restart is re-imported transparently', async () => {
      await tt.restart();
      expect(await dev.command('DevLong', 7)).toBe(7);
    }, 30_000); // a TangoTest restart in database mode takes seconds on a loaded 2-core machine

    it('server death gives API_EventTimeout within 12 s; events resume within 15 s of the restart', async () => {
      const got: TangoEvent[] = [];
      const sub = await events.subscribe(dev, 'double_scalar', 'change', (e) => got.push(e)).catch((err: unknown) => {
        throw new Error(`subscribe failed; TangoTest output:\n${tt.process.output()}`, { cause: err });
      });
      await waitFor('a ZMQ event', () => got.some((e) => e.source === 'event') || undefined, 10_000);
      tt.process.signal('SIGKILL');
      await tt.process.exited;
      const killedAt = Date.now();
      await waitFor('API_EventTimeout', () => got.find((e) => e.error?.reason === 'API_EventTimeout'), 14_000);
      expect(Date.now() - killedAt).toBeLessThanOrEqual(12_500);
      await tt.restart();
      let exitCode: number | null | undefined;
      void tt.process.exited.then((c) => (exitCode = c));
      const restartedAt = Date.now();
      const mark = got.length;
      await waitFor('events after the restart', () => got.slice(mark).find((e) => e.source === 'event' && e.reading), 16_000).catch((err: unknown) => {
        const seen = got.slice(mark).map((e) => `${e.source}:${e.error?.reason ?? 'value'}`);
        throw new Error(`${String(err)}; after the restart: ${seen.join(', ') || 'nothing'}; TangoTest output:\n${tt.process.output().slice(-1500)} (port ${tt.port}, exit code ${String(exitCode)})`);
      });
      expect(Date.now() - restartedAt).toBeLessThanOrEqual(15_500);
      await sub.unsubscribe();
    }, 60_000);
  });
});
