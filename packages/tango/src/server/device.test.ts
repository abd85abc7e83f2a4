import { describe, expect, it } from 'vitest';
import { DevFailedError } from '../errors/tango-errors.js';
import { buildConfig } from './attribute-config.js';
import { ChangeTracker, isChange } from './change-detector.js';
import { defineDeviceClass, reading } from './device-class.js';
import { Device, type AttrReadResult } from './device.js';
import { AttrQuality } from './tango-types.js';

const Motor = defineDeviceClass<{ position: number; mode: number }>({
  name: 'Motor',
  initialState: 'ON',
  create: () => ({ position: 0, mode: 0 }),
  attributes: [
    { name: 'position', type: 'DevDouble', access: 'READ_WRITE', unit: 'mm', minValue: -10, maxValue: 10, maxAlarm: 8, maxWarning: 5, read: (s) => s.position, write: (s, v) => void (s.position = v as number) },
    { name: 'mode', type: 'DevEnum', access: 'READ_WRITE', enumLabels: ['AUTO', 'MANUAL'], read: (s) => s.mode, write: (s, v) => void (s.mode = v as number) },
    { name: 'trace', type: 'DevFloat', format: 'SPECTRUM', maxDimX: 4, read: () => [1, 2, 3] },
    { name: 'frame', type: 'DevUShort', format: 'IMAGE', access: 'READ_WRITE', maxDimX: 3, maxDimY: 2 },
    { name: 'slow', type: 'DevLong', read: async () => reading(7, AttrQuality.CHANGING, 1_000) },
  ],
  commands: [
    { name: 'Move', in: 'DevDouble', out: 'DevString', run: (s, v) => `moved to ${(s.position = v as number)}` },
    {
      name: 'Fail',
      run: () => {
        throw new Error('boom');
      },
    },
  ],
});

async function motor(): Promise<Device> {
  const d = new Device(Motor, 'test/motor/1');
  await d.init();
  return d;
}

async function reasonOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof DevFailedError ? err.reason : `not DevFailed: ${String(err)}`;
  }
}

describe('device model', () => {
  it('reads READ_WRITE attributes as [read, set point] with alarm quality from the limits', async () => {
    const d = await motor();
    await d.writeAttribute('POSITION', { data: new Float64Array([9]), dimX: 1, dimY: 0 });
    const r = await d.readAttribute('position');
    expect(Array.from(r.data!.data as Float64Array)).toEqual([9, 9]);
    expect([r.wDimX, r.quality, r.config.unit]).toEqual([1, AttrQuality.ALARM, 'mm']);
    await d.writeAttribute('position', { data: new Float64Array([6]), dimX: 1, dimY: 0 });
    expect((await d.readAttribute('position')).quality).toBe(AttrQuality.WARNING);
  });

  it('validates writes: limits, enum range, dimensions, writability', async () => {
    const d = await motor();
    expect(await reasonOf(d.writeAttribute('position', { data: new Float64Array([11]), dimX: 1, dimY: 0 }))).toBe('API_WAttrOutsideLimit');
    expect(await reasonOf(d.writeAttribute('mode', { data: new Int16Array([2]), dimX: 1, dimY: 0 }))).toBe('API_WAttrOutsideLimit');
    expect(await reasonOf(d.writeAttribute('mode', { data: new Int16Array([1]), dimX: 1, dimY: 0 }))).toBeUndefined();
    expect(await reasonOf(d.writeAttribute('frame', { data: new Uint16Array(8), dimX: 4, dimY: 2 }))).toBe('API_WAttrOutsideLimit');
    expect(await reasonOf(d.writeAttribute('frame', { data: new Uint16Array(5), dimX: 3, dimY: 2 }))).toBe('API_AttrIncorrectDataNumber');
    expect(await reasonOf(d.writeAttribute('trace', { data: new Float32Array(1), dimX: 1, dimY: 0 }))).toBe('API_AttrNotWritable');
    expect(await reasonOf(d.writeAttribute('nope', { data: [], dimX: 0, dimY: 0 }))).toBe('API_AttrNotFound');
    await d.writeAttribute('frame', { data: new Uint16Array([1, 2, 3, 4, 5, 6]), dimX: 3, dimY: 2 });
    const img = await d.readAttribute('frame');
    expect([img.data!.dimX, img.data!.dimY, img.wDimX, img.wDimY, img.data!.data.length]).toEqual([3, 2, 3, 2, 12]);
  });

  it('reports read failures inside the result and honours reading() quality and time', async () => {
    const d = await motor();
    expect((await d.readAttribute('missing')).errors[0]?.reason).toBe('API_AttrNotFound');
    const slow = await d.readAttribute('slow');
    expect([slow.quality, slow.time, Array.from(slow.data!.data as Int32Array)]).toEqual([AttrQuality.CHANGING, 1_000, [7]]);
    expect((await d.readAttribute('State')).data!.data[0]).toBe(0); // ON
    expect(d.configs(['All attributes_3']).map((c) => c.name)).toEqual(['position', 'mode', 'trace', 'frame', 'slow', 'State', 'Status']);
    expect(d.config('mode').enum_labels).toEqual(['AUTO', 'MANUAL']);
  });

  it('checks command argument types and maps thrown errors to DevFailed', async () => {
    const d = await motor();
    expect(await d.command('Move', 3)).toEqual({ type: 'DevString', value: 'moved to 3' });
    expect(await reasonOf(d.command('Move', 'x'))).toBe('API_IncompatibleCmdArgumentType');
    expect(await reasonOf(d.command('Nope', undefined))).toBe('API_CommandNotFound');
    const err = await d.command('Fail', undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevFailedError);
    expect((err as DevFailedError).errors[0]).toMatchObject({ reason: 'API_DeviceError', desc: 'boom', origin: 'Motor::Fail' });
    expect(d.commandList().map((c) => c.name)).toEqual(['Fail', 'Init', 'Move', 'State', 'Status']);
  });

  it('set_attribute_config changes settable fields, validates numbers, and reports what changed', async () => {
    const d = await motor();
    const changes: string[][] = [];
    d.hooks = { configChanged: (_d, _c, changed) => changes.push(changed) };
    const c = structuredClone(d.config('position'));
    c.max_value = '20';
    c.event_prop.ch_event.abs_change = '0.5';
    c.name = 'position';
    d.setConfigs([c]);
    expect(changes).toEqual([['max_value', 'abs_change']]);
    expect(d.config('position').max_value).toBe('20');
    c.min_value = 'abc';
    expect(() => d.setConfigs([c])).toThrow(DevFailedError);
  });
});

describe('change detection', () => {
  const cfg = buildConfig({ name: 'x', type: 'DevDouble', format: 'SCALAR', access: 'READ', maxDimX: 1, maxDimY: 0 }, { absChange: 1, relChange: 50 });
  const r = (v: number, quality: 0 | 1 | 2 = 0): AttrReadResult => ({ name: 'x', type: 'DevDouble', config: cfg, data: { data: new Float64Array([v]), dimX: 1, dimY: 0 }, wDimX: 0, wDimY: 0, quality, time: 0, errors: [] });

  it('fires on abs/rel thresholds, quality changes and errors', () => {
    expect(isChange(undefined, r(1), '1', 'Not specified')).toBe(true);
    expect(isChange(r(10), r(10.5), '1', 'Not specified')).toBe(false);
    expect(isChange(r(10), r(11), '1', 'Not specified')).toBe(true);
    expect(isChange(r(10), r(9), '1', 'Not specified')).toBe(true);
    expect(isChange(r(10), r(14), 'Not specified', '50')).toBe(false);
    expect(isChange(r(10), r(15), 'Not specified', '50')).toBe(true);
    expect(isChange(r(10), r(10, 2), '1', 'Not specified')).toBe(true);
    expect(isChange(r(10), r(99), 'Not specified', 'Not specified')).toBe(false);
    expect(isChange(r(10), { ...r(10), data: undefined, errors: [{ reason: 'x', severity: 'ERR', desc: '', origin: '' }] }, '1', '1')).toBe(true);
  });

  it('paces periodic events by the period property', () => {
    const t = new ChangeTracker();
    expect(t.evaluate(r(1), 0)).toEqual(['change', 'archive', 'periodic']);
    expect(t.evaluate(r(1), 500)).toEqual([]);
    expect(t.evaluate(r(3), 1000)).toEqual(['change', 'periodic']);
  });
});
