import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceProxy, toJsonValue } from '../src/index.js';
import { runPyTango, startTangoTest, tangoAvailability, type TangoTestServer } from '../src/testing/index.js';

const available = tangoAvailability();
const skip = !available.tangoTest || !available.pytango;
if (skip) console.warn(`[tango differential] SKIPPED: ${available.reason}`);

/** Commands with deterministic results (TangoTest echoes its argument). */
const COMMANDS: [string, unknown][] = [
  ['DevBoolean', true],
  ['DevShort', -32768],
  ['DevLong', 2147483647],
  ['DevFloat', 1.5],
  ['DevDouble', -2.25],
  ['DevUShort', 65535],
  ['DevULong', 4294967295],
  ['DevLong64', -(2n ** 63n)],
  ['DevULong64', 2n ** 64n - 1n],
  ['DevString', 'héllo'],
  ['DevVarCharArray', [0, 1, 255]],
  ['DevVarShortArray', [-1, 2]],
  ['DevVarLongArray', [1, -2, 3]],
  ['DevVarFloatArray', [0.5, -1]],
  ['DevVarDoubleArray', [1.25, -0.5]],
  ['DevVarUShortArray', [0, 65535]],
  ['DevVarULongArray', [0, 4294967295]],
  ['DevVarLong64Array', [-1n, 2n ** 62n]],
  ['DevVarULong64Array', [0n, 2n ** 64n - 1n]],
  ['DevVarStringArray', ['a', '', 'é']],
  ['State', undefined],
  ['Status', undefined],
];

/** Attributes whose value is stable between two reads (set points and fixed strings), after we write them. */
const WRITES: [string, unknown][] = [
  ['short_scalar', -7],
  ['long64_scalar', 2n ** 40n],
  ['double_scalar', 6.5],
  ['string_scalar', 'differential é'],
  ['boolean_scalar', true],
  ['ulong64_scalar', 2n ** 64n - 2n],
  ['double_spectrum', [1, 2, 3]],
  ['string_spectrum', ['x', 'y']],
];

const PY = String.raw`
d = tango.DeviceProxy(ARGS['url'])
out = {'commands': [], 'setpoints': {}, 'state': str(d.state()), 'status': d.status()}
for name, arg in ARGS['commands']:
    if isinstance(arg, dict) and '$int' in arg: arg = int(arg['$int'])
    if isinstance(arg, list): arg = [int(x['$int']) if isinstance(x, dict) else x for x in arg]
    r = d.command_inout(name) if arg is None else d.command_inout(name, arg)
    if name == 'State': r = tango.DevState.values[int(r)].name
    out['commands'].append(plain(r))
for name in ARGS['attributes']:
    a = d.read_attribute(name)
    out['setpoints'][name] = plain(a.w_value)
info = d.info()
out['info'] = {'dev_class': info.dev_class, 'server_id': info.server_id, 'server_version': info.server_version}
out['commandList'] = sorted([(c.cmd_name, int(c.in_type), int(c.out_type)) for c in d.command_list_query()])
out['attributes'] = sorted(d.get_attribute_list())
emit(out)
`;

function wire(v: unknown): unknown {
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (Array.isArray(v)) return v.map(wire);
  return v ?? null;
}

describe.skipIf(skip)('differential: the same calls through PyTango and through @observatory/tango', () => {
  let tt: TangoTestServer;
  let dev: DeviceProxy;

  beforeAll(async () => {
    tt = await startTangoTest();
    dev = new DeviceProxy(tt.url, { timeoutMs: 10_000 });
    for (const [name, value] of WRITES) await dev.write(name, value as never);
  });
  afterAll(async () => {
    await dev?.close();
    await tt?.stop();
  });

  it('commands, set points, state, info, command list and attribute list agree', async () => {
    const py = await runPyTango<{
      commands: unknown[];
      setpoints: Record<string, unknown>;
      state: string;
      status: string;
      info: Record<string, unknown>;
      commandList: [string, number, number][];
      attributes: string[];
    }>(PY, { url: tt.url, commands: COMMANDS.map(([n, a]) => [n, wire(a)]), attributes: WRITES.map(([n]) => n) });

    const ours: unknown[] = [];
    for (const [name, arg] of COMMANDS) ours.push(await dev.command(name, arg as never));
    // PyTango returns arrays as numpy lists and 64-bit values as Python ints: compare JSON-normalised values.
    const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(toJsonValue(v), (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as unknown;
    const pyNorm = (v: unknown): unknown => norm(v);
    COMMANDS.forEach(([name], i) => {
      const mine = norm(ours[i]);
      const theirs = pyNorm(py.commands[i]);
      if (name === 'DevFloat' || name === 'DevVarFloatArray') expect(mine).toEqual(theirs);
      else expect({ name, value: mine }).toEqual({ name, value: theirs });
    });

    for (const [name] of WRITES) {
      const r = await dev.read(name);
      expect({ name, setpoint: norm(r.writeValue) }).toEqual({ name, setpoint: pyNorm(py.setpoints[name]) });
    }
    expect(await dev.state()).toBe(py.state);
    expect(await dev.status()).toBe(py.status);
    const info = await dev.info();
    expect({ dev_class: info.devClass, server_id: info.serverId, server_version: info.serverVersion }).toEqual(py.info);
    const commands = (await dev.commandList()).map((c) => [c.name, c.inType, c.outType]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(commands).toEqual([...py.commandList].sort((a, b) => a[0].localeCompare(b[0])));
    expect([...(await dev.attributeList())].sort()).toEqual([...py.attributes].sort());
  });
});
