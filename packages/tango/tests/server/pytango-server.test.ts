import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseServer } from '../../src/database/database-server.js';
import { TangoTestClass } from '../../src/devices/tango-test.js';
import { DeviceServer } from '../../src/server/device-server.js';
import { EventDeviceClass, checks, hasPyTango, runPython, type JsonLines } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function serve(port = 0, tangoHost?: string): DeviceServer {
  const server = new DeviceServer({
    executable: 'TangoTest',
    instance: 'pytest',
    port,
    tangoHost,
    devices: [
      { deviceClass: TangoTestClass, name: 'sys/tg_test/1' },
      { deviceClass: EventDeviceClass, name: 'test/events/1' },
    ],
  });
  cleanups.push(() => server.close());
  return server;
}

function python(args: string[], env?: NodeJS.ProcessEnv): JsonLines {
  const p = runPython('pytango_client.py', args, env);
  cleanups.push(() => p.kill());
  return p;
}

/** What every mode must show (T-IOP-3). */
function expectFullRow(c: Record<string, unknown>, mode: 'nodb' | 'db'): void {
  expect(c.ping).toBe(true);
  expect(c.info).toEqual(['TangoTest', 'TangoTest/pytest', 5]);
  expect(c.state).toBe('RUNNING');
  expect(c.status).toBe('The device is in RUNNING state.');
  expect(String(c.adm_name)).toContain('dserver/tangotest/pytest');
  if (mode === 'nodb') expect(String(c.adm_name)).toMatch(/#dbase=no$/);
  expect(c.command_list).toContain('DevVarLongStringArray');
  const cmds = c.commands as Record<string, unknown>;
  for (const [name, result] of Object.entries(cmds)) {
    if (Array.isArray(result) && typeof result[0] === 'boolean') expect(result.every(Boolean), name).toBe(true);
    else if (typeof result === 'boolean') expect(result, name).toBe(true);
  }
  expect(cmds.State_cmd).toBe('RUNNING');
  expect(cmds.DevEncoded).toEqual(['fmt', [0, 1, 255]]);
  for (const [name, r] of Object.entries(c.scalars as Record<string, unknown[]>)) expect(r, name).toEqual([true, true, 1, 1]);
  const arrays = c.arrays as Record<string, unknown>;
  expect(arrays.spectrum).toEqual([[1.5, 2.5, 3.5], [1.5, 2.5, 3.5], 3]);
  expect(arrays.image).toEqual([[3, 4], true, [3, 4]]);
  expect(arrays.uchar_image_ro).toEqual([251, 251]);
  expect(arrays.string_spectrum_ro).toBe(256);
  expect(arrays.State).toBe('RUNNING');
  expect(c.read_many).toEqual([false, true, false]);
  expect(c.errors).toEqual({
    unknown_command: 'API_CommandNotFound',
    unknown_attribute: 'API_AttrNotFound',
    no_value: 'API_AttrValueNotSet',
    throw_exception: 'exception test',
    not_writable: 'API_AttrNotWritable',
    outside_limit: 'API_WAttrOutsideLimit',
    uchar_spectrum_limit: null,
  });
  expect(c.multi_dev_failed).toEqual(['DevFailed', 'API_AttrNotWritable']);
  expect(c.config).toEqual(['mm', '100', 'API_WAttrOutsideLimit']);
  const itango = c.itango as Record<string, unknown>;
  expect(itango.attribute_list).toBe(62);
  expect(itango.attribute_list_query).toBe(62);
  expect(itango.command_config).toBe(true);
  expect(itango.black_box).toBe(5);
  const events = c.events as Record<string, unknown>;
  // The first change event is the current value (PyTango reads it at subscription), then 10, 20, 30.
  expect((events.change as number[]).slice(-3)).toEqual([10, 20, 30]);
  expect(events.periodic).toBe(true);
  expect(events.attr_conf).toBe(true);
  expect((events.user as number[]).filter((x) => typeof x === 'number')).toEqual(expect.arrayContaining([1, 2, 3]));
  expect(c.unpolled_subscription).toBe('API_AttributePollingNotStarted');
}

describe.skipIf(!hasPyTango)('PyTango 9.3 drives a TypeScript device server', () => {
  it('database-less (GIOP 1.0, #dbase=no): the whole PyTango row', async () => {
    const server = serve();
    await server.start();
    const urls = server.urls();
    const py = python([urls['sys/tg_test/1']!, urls['test/events/1']!]);
    await py.waitFor((l) => l.done === true, 180_000);
    expectFullRow(checks(py.lines), 'nodb');
  }, 240_000);

  it('database mode (GIOP 1.2 by IOR) with the embedded database, events after a server restart', async () => {
    const db = new DatabaseServer({ port: 0 });
    cleanups.push(() => db.close());
    await db.start();
    const first = serve(0, db.tangoHost);
    await first.start();
    const py = python(['sys/tg_test/1', 'test/events/1', '--restart'], { ...process.env, TANGO_HOST: db.tangoHost });
    await py.waitFor((l) => l.waiting === 'restart', 120_000);
    await first.close();
    // A new process would get new ports: the client must re-import and re-subscribe.
    const server = serve(0, db.tangoHost);
    await server.start();
    py.child.stdin!.write('restarted\n');
    await py.waitFor((l) => l.done === true, 120_000);
    const c = checks(py.lines);
    expectFullRow(c, 'db');
    expect((c.after_restart as { resumed: boolean }).resumed).toBe(true);
    // Registration: the server declared and exported its devices and admin device.
    expect(db.store.device('sys/tg_test/1')).toMatchObject({ exported: true, server: 'TangoTest/pytest', className: 'TangoTest' });
    expect(db.store.device('dserver/TangoTest/pytest')?.exported).toBe(true);
    await server.close();
    expect(db.store.device('sys/tg_test/1')?.exported).toBe(false);
  }, 240_000);
});
