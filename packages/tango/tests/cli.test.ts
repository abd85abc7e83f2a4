import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceServer, defineDeviceClass, runTangoCli, type CliIo } from '../src/index.js';
import { startTangoTest, tangoAvailability, type TangoTestServer } from '../src/testing/index.js';

const available = tangoAvailability();
if (!available.tangoTest) console.warn(`[tango cli] SKIPPED: ${available.reason}`);

async function run(args: string[], until?: (out: string[]) => boolean): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  let satisfied = false;
  let wake: () => void = () => undefined;
  const io: CliIo = {
    out: (l) => {
      out.push(l);
      if (until?.(out)) {
        satisfied = true;
        wake();
      }
    },
    err: (l) => err.push(l),
    // The first lines may come before `watch` starts waiting (the initial value): then stop at once.
    interrupted: () => (satisfied ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve))),
  };
  process.exitCode = undefined;
  const code = await runTangoCli(['node', 'tango', ...args], io);
  process.exitCode = undefined;
  return { code, out, err };
}

describe.skipIf(!available.tangoTest)('tango CLI against TangoTest (nodb)', () => {
  let tt: TangoTestServer;
  let dev: string;
  const attr = (name: string): string => `tango://127.0.0.1:${tt.port}/sys/tg_test/1/${name}#dbase=no`;

  beforeAll(async () => {
    tt = await startTangoTest();
    dev = tt.url;
  });
  afterAll(async () => {
    await tt?.stop();
  });

  it('writes then reads an attribute (text and --json)', async () => {
    expect((await run(['write', attr('double_scalar'), '4.5'])).code).toBe(0);
    const text = await run(['read', attr('double_scalar')]);
    expect(text.code).toBe(0);
    expect(text.out[0]).toMatch(/double_scalar#dbase=no \S+ \(set point 4\.5\) ATTR_VALID$/);
    const json = await run(['--json', 'read', attr('double_scalar'), attr('string_scalar')]);
    const parsed = JSON.parse(json.out[0]!) as { name: string; writeValue: unknown }[];
    expect(parsed[0]!.writeValue).toBe(4.5);
    expect(parsed).toHaveLength(2);
  });

  it('runs commands with typed arguments', async () => {
    expect((await run(['cmd', dev, 'DevString', 'hello'])).out).toEqual(['hello']);
    expect((await run(['cmd', dev, 'DevVarLongArray', '1,2,3'])).out).toEqual(['[1, 2, 3]']);
    expect((await run(['--json', 'cmd', dev, 'DevULong64', '18446744073709551615'])).out).toEqual([JSON.stringify({ device: dev, command: 'DevULong64', result: '18446744073709551615' })]);
  });

  it('prints device info', async () => {
    const r = await run(['info', dev]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('class    TangoTest');
    expect(r.out).toContain('state    RUNNING');
  });

  it('exit code 1 with the DevError reason on one line; 2 for usage errors', async () => {
    const failed = await run(['cmd', dev, 'NoSuchCommand']);
    expect(failed.code).toBe(1);
    expect(failed.err).toEqual(['tango: API_CommandNotFound: Command NoSuchCommand not found']);
    const attrErr = await run(['read', attr('no_value')]);
    expect(attrErr.code).toBe(1);
    expect(attrErr.err[0]).toMatch(/API_AttrValueNotSet/);
    expect((await run(['read', 'not/a/valid/name/x'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['cmd', dev, 'DevLong', 'abc'])).code).toBe(2);
  });

  it('watch --polling prints the current value first and stops on interrupt', async () => {
    const r = await run(['watch', attr('double_scalar'), '--polling', '100'], (out) => out.length >= 1);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/double_scalar#dbase=no change -?\d/);
  });
});

describe('tango CLI prints DevEnum values with their labels (our device server, nodb)', () => {
  const ObsClass = defineDeviceClass<{ obs: number }>({
    name: 'ObsDevice',
    create: () => ({ obs: 2 }),
    attributes: [
      { name: 'obsState', type: 'DevEnum', enumLabels: ['EMPTY', 'IDLE', 'READY'], read: (d) => d.obs },
      { name: 'mode', type: 'DevEnum', access: 'READ_WRITE', enumLabels: ['LOCAL', 'REMOTE'], initialValue: 1 },
      { name: 'level', type: 'DevShort', read: () => 2 },
    ],
  });
  let server: DeviceServer;
  const attr = (name: string): string => `${server.deviceUrl('test/obs/1').replace('#dbase=no', '')}/${name}#dbase=no`;

  beforeAll(async () => {
    server = new DeviceServer({ executable: 'ObsServer', instance: 'cli', devices: [{ deviceClass: ObsClass, name: 'test/obs/1' }] });
    await server.start();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('read prints LABEL (index), set points too; --json carries value and label; other types unchanged', async () => {
    const text = await run(['read', attr('obsState'), attr('mode'), attr('level')]);
    expect(text.code).toBe(0);
    expect(text.out).toEqual([
      `${attr('obsState')} READY (2) ATTR_VALID`,
      `${attr('mode')} REMOTE (1) (set point REMOTE (1)) ATTR_VALID`,
      `${attr('level')} 2 ATTR_VALID`,
    ]);
    const json = JSON.parse((await run(['--json', 'read', attr('obsState'), attr('level')])).out[0]!) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({ value: 2, label: 'READY' });
    expect(json[1]!.value).toBe(2);
    expect(json[1]).not.toHaveProperty('label');
  });

  it('watch prints the label (text and --json)', async () => {
    const text = await run(['watch', attr('obsState'), '--polling', '100'], (out) => out.length >= 1);
    expect(text.code).toBe(0);
    expect(text.out[0]).toMatch(/obsState#dbase=no change READY \(2\) ATTR_VALID$/);
    const json = await run(['--json', 'watch', attr('obsState'), '--polling', '100'], (out) => out.length >= 1);
    expect(JSON.parse(json.out[0]!)).toMatchObject({ type: 'change', value: 2, label: 'READY', quality: 'ATTR_VALID' });
  });
});
