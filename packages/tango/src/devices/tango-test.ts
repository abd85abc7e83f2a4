import { DeviceError } from '../server/device-error.js';
import { defineDeviceClass, type AttributeSpec, type CommandSpec } from '../server/device-class.js';
import type { AttrDataFormatName, AttrWriteTypeName, AttributeTypeName, CommandTypeName } from '../server/tango-types.js';

/** Per-device state of the TangoTest-like device. */
export interface TangoTestState {
  /** Set points of the writable attributes, by name. */
  values: Map<string, unknown>;
  /** Sine amplitude added to `double_scalar` and `wave` (the `ampli` attribute). */
  ampli: number;
  started: number;
}

type Spec = AttributeSpec<TangoTestState>;

const SPECTRUM_READ = 256;
const IMAGE_READ = 251;

function sample(type: AttributeTypeName, i: number, t: number): unknown {
  switch (type) {
    case 'DevBoolean':
      return (i + Math.floor(t)) % 2 === 0;
    case 'DevString':
      return `s${i}`;
    case 'DevDouble':
    case 'DevFloat':
      return Math.round(100 * Math.sin((i + t) / 10)) / 10;
    case 'DevLong64':
      return BigInt(i - 128);
    case 'DevULong64':
      return BigInt(i);
    case 'DevUChar':
      return i % 256;
    case 'DevShort':
    case 'DevLong':
      return (i % 200) - 100;
    default:
      return i % 256;
  }
}

function spectrum(type: AttributeTypeName, n: number): (s: TangoTestState) => unknown {
  return (s) => {
    const t = (Date.now() - s.started) / 1000;
    return Array.from({ length: n }, (_, i) => sample(type, i, t));
  };
}

function image(type: AttributeTypeName, x: number, y: number): (s: TangoTestState) => unknown {
  return (s) => {
    const t = (Date.now() - s.started) / 1000;
    const data = Array.from({ length: x * y }, (_, i) => sample(type, i, t));
    return { dimX: x, dimY: y, data };
  };
}

const SCALAR_TYPES: Array<[string, AttributeTypeName]> = [
  ['boolean', 'DevBoolean'],
  ['double', 'DevDouble'],
  ['float', 'DevFloat'],
  ['long64', 'DevLong64'],
  ['long', 'DevLong'],
  ['short', 'DevShort'],
  ['string', 'DevString'],
  ['uchar', 'DevUChar'],
  ['ulong64', 'DevULong64'],
  ['ushort', 'DevUShort'],
  ['ulong', 'DevULong'],
];

function attr(name: string, type: AttributeTypeName, format: AttrDataFormatName, access: AttrWriteTypeName, extra: Partial<Spec> = {}): Spec {
  const maxDimX = format === 'SCALAR' ? 1 : format === 'SPECTRUM' ? (type === 'DevString' ? 256 : 4096) : type === 'DevString' ? 256 : 251;
  const maxDimY = format === 'IMAGE' ? maxDimX : 0;
  return { name, type, format, access, maxDimX, maxDimY, ...extra };
}

/** The attributes of cppTango's TangoTest (names, types, formats, sizes and descriptions as it declares them). */
function attributes(): Spec[] {
  const list: Spec[] = [];
  list.push(attr('ampli', 'DevDouble', 'SCALAR', 'WRITE', { write: (s, v) => void (s.ampli = v as number) }));
  for (const [prefix, type] of SCALAR_TYPES) {
    const extra: Partial<Spec> = {};
    if (prefix === 'boolean') extra.description = 'A boolean scalar attribute';
    if (prefix === 'float') extra.description = 'A float attribute';
    if (prefix === 'double') {
      // Like TangoTest, double_scalar moves on its own when `ampli` is set; otherwise it reads back its set point.
      extra.read = (s) => {
        const base = (s.values.get('double_scalar') as number | undefined) ?? 0;
        return s.ampli === 0 ? base : base + s.ampli * Math.sin((Date.now() - s.started) / 1000);
      };
    }
    list.push(attr(`${prefix}_scalar`, type, 'SCALAR', 'READ_WRITE', extra));
    if (prefix === 'double' || prefix === 'long' || prefix === 'short') {
      list.push(attr(`${prefix}_scalar_rww`, type, 'SCALAR', 'READ_WITH_WRITE', { writableAttrName: `${prefix}_scalar_w`, read: (s) => (s.values.get(`${prefix}_scalar_w`)) ?? 0 }));
      list.push(attr(`${prefix}_scalar_w`, type, 'SCALAR', 'WRITE'));
    }
    if (prefix === 'short') list.push(attr('short_scalar_ro', type, 'SCALAR', 'READ', { read: () => 42 }));
  }
  list.push(
    attr('no_value', 'DevLong', 'SCALAR', 'READ', { read: () => undefined }),
    attr('throw_exception', 'DevLong', 'SCALAR', 'READ', {
      read: () => {
        throw new DeviceError('exception test', 'Exception raised on purpose by TangoTest::read_throw_exception', 'TangoTest::read_throw_exception');
      },
    }),
  );
  const spectra: Array<[string, AttributeTypeName, boolean, boolean]> = [
    ['boolean', 'DevBoolean', true, true],
    ['double', 'DevDouble', true, true],
    ['float', 'DevFloat', true, true],
    ['long64', 'DevLong64', false, true],
    ['long', 'DevLong', true, true],
    ['short', 'DevShort', true, true],
    ['string', 'DevString', true, true],
    ['uchar', 'DevUChar', true, true],
    ['ulong64', 'DevULong64', false, true],
    ['ulong', 'DevULong', false, true],
    ['ushort', 'DevUShort', true, true],
  ];
  for (const [prefix, type, rw, ro] of spectra) {
    if (rw) {
      const extra: Partial<Spec> = {};
      if (prefix === 'float') extra.description = 'A float spectrum attribute';
      if (prefix === 'uchar') Object.assign(extra, { description: 'An unsigned char spectrum attribute', minValue: 0, maxValue: 255 });
      if (prefix === 'ushort') extra.description = 'An unsigned short spectrum attribute';
      list.push(attr(`${prefix}_spectrum`, type, 'SPECTRUM', 'READ_WRITE', extra));
    }
    if (ro) list.push(attr(`${prefix}_spectrum_ro`, type, 'SPECTRUM', 'READ', { read: spectrum(type, SPECTRUM_READ) }));
  }
  list.push(
    attr('wave', 'DevDouble', 'SPECTRUM', 'READ', {
      read: (s) => {
        const t = (Date.now() - s.started) / 1000;
        const a = s.ampli || 1;
        return Array.from({ length: SPECTRUM_READ }, (_, i) => a * Math.sin(i / 10 + t));
      },
    }),
  );
  const images: Array<[string, AttributeTypeName, boolean]> = [
    ['boolean', 'DevBoolean', true],
    ['double', 'DevDouble', true],
    ['float', 'DevFloat', true],
    ['long64', 'DevLong64', false],
    ['long', 'DevLong', true],
    ['short', 'DevShort', true],
    ['string', 'DevString', true],
    ['uchar', 'DevUChar', true],
    ['ulong64', 'DevULong64', false],
    ['ulong', 'DevULong', false],
    ['ushort', 'DevUShort', true],
  ];
  for (const [prefix, type, rw] of images) {
    if (rw) list.push(attr(`${prefix}_image`, type, 'IMAGE', 'READ_WRITE'));
    const extra: Partial<Spec> = { read: image(type, type === 'DevString' ? 16 : IMAGE_READ, type === 'DevString' ? 16 : IMAGE_READ) };
    if (prefix === 'float') Object.assign(extra, { description: 'A float image attribute', minValue: 0, maxValue: 255 });
    if (prefix === 'uchar') Object.assign(extra, { description: 'An unsigned char image attribute', minValue: 0, maxValue: 255 });
    if (prefix === 'ushort') Object.assign(extra, { description: 'An unsigned short image attribute', minValue: 0, maxValue: 255, maxDimX: 8192, maxDimY: 8192 });
    list.push(attr(`${prefix}_image_ro`, type, 'IMAGE', 'READ', extra));
  }
  // Writable attributes without a read function read back their set point; keep it in state too.
  for (const a of list) {
    if ((a.access === 'WRITE' || a.access === 'READ_WRITE') && !a.write) {
      a.write = (s, v) => void s.values.set(a.name, v);
    }
  }
  return list;
}

function echo(name: string, type: CommandTypeName, inDesc: string, outDesc: string): CommandSpec<TangoTestState> {
  return { name, in: type, out: type, inDesc, outDesc, run: (_s, argin) => argin };
}

function commands(): Array<CommandSpec<TangoTestState>> {
  const any = (t: string) => `Any ${t} value`;
  const crash = (name: string): CommandSpec<TangoTestState> => ({
    name,
    level: 'EXPERT',
    run: () => {
      // cppTango's TangoTest really crashes here; a TS device refuses instead (it would take every device down).
      throw new DeviceError('API_NotSupported', `${name} is disabled in the TypeScript TangoTest`, `TangoTest::${name}`);
    },
  });
  return [
    crash('CrashFromDevelopperThread'),
    crash('CrashFromOmniThread'),
    echo('DevBoolean', 'DevBoolean', 'Any boolean value', 'Echo of the argin value'),
    echo('DevDouble', 'DevDouble', any('DevDouble'), 'Echo of the argin value'),
    echo('DevFloat', 'DevFloat', any('DevFloat'), 'Echo of the argin value'),
    echo('DevLong', 'DevLong', any('DevLong'), 'Echo of the argin value'),
    echo('DevLong64', 'DevLong64', any('DevLong64'), 'Echo of the argin value'),
    echo('DevShort', 'DevShort', any('DevShort'), 'Echo of the argin value'),
    echo('DevString', 'DevString', '-', '-'),
    echo('DevULong', 'DevULong', 'Any DevULong', 'Echo of the argin value'),
    echo('DevULong64', 'DevULong64', any('DevULong64'), 'Echo of the argin value'),
    echo('DevUShort', 'DevUShort', any('DevUShort'), 'Echo of the argin value'),
    echo('DevVarCharArray', 'DevVarCharArray', '-', '-'),
    echo('DevVarDoubleArray', 'DevVarDoubleArray', '-', '-'),
    echo('DevVarDoubleStringArray', 'DevVarDoubleStringArray', '-', '-'),
    echo('DevVarFloatArray', 'DevVarFloatArray', '-', '-'),
    echo('DevVarLong64Array', 'DevVarLong64Array', 'Uninitialised', 'Uninitialised'),
    echo('DevVarLongArray', 'DevVarLongArray', '-', '-'),
    echo('DevVarLongStringArray', 'DevVarLongStringArray', '-', '-'),
    echo('DevVarShortArray', 'DevVarShortArray', '-', '-'),
    echo('DevVarStringArray', 'DevVarStringArray', '-', '-'),
    echo('DevVarULong64Array', 'DevVarULong64Array', 'Uninitialised', 'Uninitialised'),
    echo('DevVarULongArray', 'DevVarULongArray', '-', '-'),
    echo('DevVarUShortArray', 'DevVarUShortArray', '-', '-'),
    { name: 'DevVoid', inDesc: 'N/A', outDesc: 'N/A', run: () => undefined },
    { name: 'DumpExecutionState', level: 'EXPERT', run: () => undefined },
    {
      name: 'SwitchStates',
      run: (_s, _a, ctx) => ctx.setState(ctx.state === 'RUNNING' ? 'FAULT' : 'RUNNING'),
    },
    // Types TangoTest 9.3.4 has no command for (T-FUNC-1): served here so clients can test them.
    echo('DevUChar', 'DevUChar', any('DevUChar'), 'Echo of the argin value'),
    echo('DevVarBooleanArray', 'DevVarBooleanArray', '-', '-'),
    echo('DevEncoded', 'DevEncoded', 'Any DevEncoded value', 'Echo of the argin value'),
    echo('DevState', 'DevState', 'Any DevState value', 'Echo of the argin value'),
  ];
}

/**
 * A TypeScript device with the interface of cppTango's TangoTest (same attribute and command names,
 * types, formats and sizes), so a client test suite written against TangoTest runs against it unchanged.
 * Values differ: read-only attributes produce deterministic patterns, writable ones read back their set
 * point.
 */
export const TangoTestClass = defineDeviceClass<TangoTestState>({
  name: 'TangoTest',
  description: 'A TANGO device',
  initialState: 'RUNNING',
  attributes: attributes(),
  commands: commands(),
  properties: {
    Mthreaded_impl: { description: 'Unused (cppTango TangoTest compatibility)', default: ['0'] },
    Sleep_period: { description: 'Unused (cppTango TangoTest compatibility)', default: ['1000'] },
  },
  create: (ctx) => {
    ctx.setState('RUNNING');
    return { values: new Map(), ampli: 0, started: Date.now() };
  },
});
