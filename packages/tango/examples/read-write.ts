// Reads, writes and runs a command on a TangoTest device. Usage:
//   node --import tsx examples/read-write.ts 'tango://127.0.0.1:10123/sys/tg_test/1#dbase=no'
// (or a database name such as sys/tg_test/1 with TANGO_HOST set).
import { DevFailedError, DeviceProxy } from '@observatory/tango';

const name = process.argv[2] ?? 'sys/tg_test/1';
await using device = new DeviceProxy(name, { timeoutMs: 3000 });

console.log('state:', await device.state());

await device.write('double_scalar', 3.5);
const reading = await device.read('double_scalar');
console.log('double_scalar:', reading.value, 'set point:', reading.writeValue, reading.quality);

console.log('DevString:', await device.command('DevString', 'hello'));
console.log('DevVarLong64Array:', await device.command('DevVarLong64Array', [1n, 2n ** 62n]));

try {
  await device.read('no_value');
} catch (err) {
  if (err instanceof DevFailedError) console.log('no_value failed:', err.reason);
  else throw err;
}
