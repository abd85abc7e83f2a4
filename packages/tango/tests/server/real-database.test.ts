import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TangoTestClass } from '../../src/devices/tango-test.js';
import { DeviceServer } from '../../src/server/device-server.js';
import { startTangoDatabase, tangoAvailability, type TangoDatabase } from '../../src/testing/index.js';
import { EventDeviceClass, checks, runPython, type JsonLines } from './helpers.js';

const available = tangoAvailability();

// The TypeScript server registering with cppTango's DataBaseds on MariaDB (Debian tango-db), and PyTango
// finding it there: T-IOP-3 in database mode against the reference database.
describe.skipIf(!available.database || !available.pytango)('TypeScript device server with DataBaseds (MariaDB)', () => {
  let db: TangoDatabase;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    db = await startTangoDatabase();
  }, 120_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await db?.stop();
  });

  function serve(): DeviceServer {
    const s = new DeviceServer({
      executable: 'TsTangoTest',
      instance: 'maria',
      tangoHost: db.tangoHost,
      devices: [
        { deviceClass: TangoTestClass, name: 'ts/tg_test/1' },
        { deviceClass: EventDeviceClass, name: 'ts/events/1' },
      ],
    });
    cleanups.push(() => s.close());
    return s;
  }

  it('registers, exports, serves PyTango (events included) and restores polling after a restart', async () => {
    const first = serve();
    await first.start();
    const env = { ...process.env, TANGO_HOST: db.tangoHost };
    const py: JsonLines = runPython('pytango_client.py', ['ts/tg_test/1', 'ts/events/1'], env);
    cleanups.push(() => py.kill());
    await py.waitFor((l) => l.done === true, 180_000);
    const c = checks(py.lines);
    expect(c.info).toEqual(['TangoTest', 'TsTangoTest/maria', 5]);
    expect((c.errors as Record<string, unknown>).not_writable).toBe('API_AttrNotWritable');
    expect((c.events as { change: number[] }).change.slice(-3)).toEqual([10, 20, 30]);
    expect((c.events as { user: number[] }).user).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(await db.sql("SELECT exported FROM device WHERE name='ts/tg_test/1'")).toMatch(/1/);

    // Polling configured through the admin device is stored (polled_attr) and restored by the next run.
    const admin = runPython('pytango_poll.py', ['ts/tg_test/1', 'add'], env);
    cleanups.push(() => admin.kill());
    await admin.waitFor((l) => l.done === true, 60_000);
    await first.close();
    expect(await db.sql("SELECT exported FROM device WHERE name='ts/tg_test/1'")).toMatch(/0/);
    const second = serve();
    await second.start();
    const check = runPython('pytango_poll.py', ['ts/tg_test/1', 'check'], env);
    cleanups.push(() => check.kill());
    const result = await check.waitFor((l) => l.done === true, 60_000);
    expect(result.polled).toEqual([true, 300]);
  }, 300_000);
});
