// A Tango device class written in TypeScript, served without a database, driven by our client.
// Run: npx tsx --conditions=@observatory/source packages/tango/examples/power-supply-device.ts
import { DeviceProxy, DeviceServer, defineDeviceClass, DeviceError } from '@observatory/tango';

interface PowerSupply {
  current: number;
  voltage: number;
}

export const PowerSupplyClass = defineDeviceClass<PowerSupply>({
  name: 'PowerSupply',
  description: 'A simulated power supply',
  initialState: 'OFF',
  properties: { MaxCurrent: { description: 'Upper current limit (A)', default: ['10'] } },
  create: () => ({ current: 0, voltage: 0 }),
  attributes: [
    {
      name: 'current',
      type: 'DevDouble',
      access: 'READ_WRITE',
      unit: 'A',
      minValue: 0,
      maxValue: 10,
      maxAlarm: 9,
      absChange: 0.1,
      read: (ps) => ps.current,
      write: (ps, value, ctx) => {
        if (ctx.state !== 'ON') throw new DeviceError('PS_NotOn', 'switch the supply on first', 'PowerSupply::write_current');
        ps.current = value as number;
        ps.voltage = ps.current * 2.5;
      },
    },
    { name: 'voltage', type: 'DevDouble', unit: 'V', read: (ps) => ps.voltage },
    { name: 'mode', type: 'DevEnum', access: 'READ_WRITE', enumLabels: ['LOCAL', 'REMOTE'], initialValue: 1 },
  ],
  commands: [
    { name: 'On', run: (_ps, _arg, ctx) => ctx.setState('ON') },
    {
      name: 'Off',
      run: (ps, _arg, ctx) => {
        ps.current = 0;
        ctx.setState('OFF');
      },
    },
    { name: 'Ramp', in: 'DevDouble', out: 'DevString', inDesc: 'target current (A)', run: (ps, target) => `ramping from ${ps.current} A to ${target as number} A` },
  ],
});

export async function main(): Promise<{ state: string; current: unknown; voltage: unknown; ramp: unknown }> {
  await using server = new DeviceServer({ executable: 'PowerSupplyServer', instance: 'demo', devices: [{ deviceClass: PowerSupplyClass, name: 'lab/ps/1' }] });
  await server.start();
  const ps = new DeviceProxy(server.deviceUrl('lab/ps/1')); // tango://127.0.0.1:<port>/lab/ps/1#dbase=no
  try {
    await ps.command('On');
    await ps.write('current', 4);
    const result = {
      state: await ps.state(),
      current: (await ps.read('current')).value,
      voltage: (await ps.read('voltage')).value,
      ramp: await ps.command('Ramp', 6),
    };
    return result;
  } finally {
    await ps.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await main());
}
