import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseServer } from '../../src/database/database-server.js';
import { PYTHON, TANGO_TEST_BIN, hasPyTango, hasTangoAdmin, hasTangoTest } from './helpers.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts cppTango's TangoTest against a TANGO_HOST and waits for "Ready to accept request". */
async function startTangoTest(instance: string, tangoHost: string): Promise<ChildProcess> {
  const child = spawn(TANGO_TEST_BIN, [instance, '-ORBendPoint', 'giop:tcp:127.0.0.1:0'], { env: { ...process.env, TANGO_HOST: tangoHost }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`TangoTest not ready within 30 s: ${out}`)), 30_000);
    const onData = (c: Buffer): void => {
      out += c.toString();
      if (out.includes('Ready to accept request')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`TangoTest exited (${code}): ${out}`));
    });
  });
  await ready;
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Runs a command without blocking the event loop (the database under test lives in this process). */
async function run(cmd: string, args: string[], tangoHost: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { env: { ...process.env, TANGO_HOST: tangoHost }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Runs a PyTango snippet that prints one JSON document. */
async function py(code: string, tangoHost: string): Promise<unknown> {
  const r = await run(PYTHON, ['-c', `import json, tango\n${code}`], tangoHost);
  if (r.code !== 0) throw new Error(`python failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function tangoAdmin(args: string[], tangoHost: string): Promise<number | null> {
  return (await run('tango_admin', args, tangoHost)).code;
}

describe.skipIf(!hasTangoTest || !hasPyTango || !hasTangoAdmin)('embedded Tango database with cppTango, tango_admin and PyTango', () => {
  it('starts the real TangoTest, registers, imports, stores properties, and keeps polling across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tango-db-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'tango.sqlite');
    let db = new DatabaseServer({ port: 0, file });
    cleanups.push(() => db.close());
    await db.start();
    const host = db.tangoHost;

    expect(await tangoAdmin(['--ping-database', '10'], host)).toBe(0);
    expect(await tangoAdmin(['--add-server', 'TangoTest/emb', 'TangoTest', 'sys/tg_test/77'], host)).toBe(0);
    expect(await tangoAdmin(['--check-device', 'sys/tg_test/77'], host)).toBe(0);

    let tt = await startTangoTest('emb', host);
    expect(db.store.device('sys/tg_test/77')).toMatchObject({ exported: true, server: 'TangoTest/emb', className: 'TangoTest' });
    expect(db.store.device('dserver/TangoTest/emb')?.exported).toBe(true);

    const first = await py(
      `
d = tango.DeviceProxy('sys/tg_test/77')
d.write_attribute('long_scalar', 7)
d.poll_attribute('double_scalar', 250)
db = tango.Database()
db.put_device_property('sys/tg_test/77', {'my_prop': ['a', 'b']})
info = db.get_device_info('sys/tg_test/77')
print(json.dumps({
  'state': str(d.state()),
  'long': int(d.read_attribute('long_scalar').w_value),
  'servers': list(db.get_server_list('TangoTest/*')),
  'exported': list(db.get_device_exported('sys/tg_test/*')),
  'prop': list(db.get_device_property('sys/tg_test/77', ['my_prop'])['my_prop']),
  'class': info.class_name, 'server': info.ds_full_name, 'is_exported': info.exported,
  'polled_attr': list(db.get_device_property('sys/tg_test/77', ['polled_attr'])['polled_attr']),
}))`,
      host,
    );
    expect(first).toEqual({
      state: 'RUNNING',
      long: 7,
      servers: ['TangoTest/emb'],
      exported: ['sys/tg_test/77'],
      prop: ['a', 'b'],
      class: 'TangoTest',
      server: 'TangoTest/emb',
      is_exported: 1,
      polled_attr: ['double_scalar', '250'],
    });

    // SIGTERM: TangoTest unexports itself (DbUnExportServer).
    await stop(tt);
    expect(db.store.device('sys/tg_test/77')?.exported).toBe(false);

    // The database restarts from its SQLite file; TangoTest restarts and restores its polling from it.
    await db.close();
    db = new DatabaseServer({ port: Number(host.split(':')[1]), file });
    await db.start();
    tt = await startTangoTest('emb', host);
    const second = await py(
      `
d = tango.DeviceProxy('sys/tg_test/77')
polled = d.is_attribute_polled('double_scalar')
period = d.get_attribute_poll_period('double_scalar')
d.stop_poll_attribute('double_scalar')
print(json.dumps({'polled': polled, 'period': period, 'prop': list(tango.Database().get_device_property('sys/tg_test/77', ['my_prop'])['my_prop'])}))`,
      host,
    );
    expect(second).toEqual({ polled: true, period: 250, prop: ['a', 'b'] });
    await stop(tt);
  }, 180_000);
});
