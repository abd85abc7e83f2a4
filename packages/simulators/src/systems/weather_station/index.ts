import { ByteAccumulator, DeviceError, type Clock, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { formatCompactUtc } from '../../utils/index.js';
import { formatPythonFixed, pyFloat, pySplit } from '@discos/backend-protocol';

interface Sensor {
  value: number;
  date: string;
  info: string;
}

/** Text frames without a length rule are capped at 64 KiB (D-SIM-7). */
const MAX_MESSAGE = 65536;
const SENSORS: ReadonlyArray<[string, number, string]> = [
  ['th01', 26.0, 'heating temp [oC]'],
  ['vh01', 0.0, 'heating voltage [V]'],
  ['vs01', 7.7, 'supply voltage [V]'],
  ['vr01', 3.52, 'rif. voltage [V]'],
  ['dn01', 287.0, 'wind dir min [deg]'],
  ['dm01', 289.0, 'wind dir ave [deg]'],
  ['dx01', 292.0, 'wind dir max [deg]'],
  ['sn01', 1.6, 'wind speed min [m/s]'],
  ['sm01', 1.8, 'wind speed ave [m/s]'],
  ['sx01', 1.9, 'wind speed max [m/s]'],
  ['ta01', 23.0, 'air temp [oC]'],
  ['ua01', 72.5, 'rel. humidity [%]'],
  ['pa01', 940.9, 'air pressure [hPa]'],
  ['rc01', 9.86, 'rain amount [mm]'],
  ['rd01', 4240.0, 'rain duration [s]'],
  ['ri01', 0.0, 'rain intensity [mm/h]'],
  ['rp01', -9999.9, 'rain peak duration [s]'],
  ['hc01', 0.0, 'hail amount [hits/cm2]'],
  ['hd01', 20.0, 'hail duration [s]'],
  ['hi01', 0.0, 'hail intensity [hits/cm2h]'],
  ['hp01', -9999.9, 'hail peak duration [s]'],
];
/** Sensors whose date starts as `#` (no peak recorded yet). */
const NO_DATE = new Set(['rp01', 'hp01']);

const ERROR_REPLY =
  '<Sensor><Id>sintax error or sensor not found</Id><Val>1.000000</Val><Date>error</Date><Info>error</Info></Sensor>';

/** The weather station (UDP): `r <sensor>` reads, `w <sensor> <value> <date>` writes and reads back. */
export class WeatherStationSystem implements System {
  private readonly sensors = new Map<string, Sensor>();

  constructor(clock: Clock) {
    const start = formatCompactUtc(clock.nowMicros());
    for (const [id, value, info] of SENSORS) this.sensors.set(id, { value, date: NO_DATE.has(id) ? '#' : start, info });
  }

  createParser(): Parser {
    // Not lineParser: the 'r'/'w' + space header is checked byte by byte and a mismatching byte is dropped (resync), as the reference.
    // Linear and bounded: O(1) per byte, at most MAX_MESSAGE bytes held.
    const msg = new ByteAccumulator(MAX_MESSAGE);
    return {
      parse: (byte) => {
        if (!msg.push(byte)) {
          msg.clear();
          throw new DeviceError(`message longer than ${MAX_MESSAGE} bytes`);
        }
        if (msg.length === 1) {
          if (byte === 0x72 || byte === 0x77) return true; // 'r' or 'w'
          msg.clear();
          return false;
        }
        if (msg.length === 2) {
          if (byte === 0x20) return true;
          msg.clear();
          return false;
        }
        if (byte !== 0x0a) return true;
        const args = pySplit(msg.text());
        msg.clear();
        const command = args[0];
        if (args.length === 2) return command === 'r' ? this.read(args[1]!) : false;
        if (args.length === 4) {
          if (command !== 'w') return false;
          return this.write(args[1]!, pyFloat(args[2]!) ?? 0, args[3]!);
        }
        return false;
      },
    };
  }

  private read(id: string): string {
    const sensor = this.sensors.get(id);
    if (!sensor) return ERROR_REPLY;
    return `<Sensor><Id>${id}</Id><Val>${formatPythonFixed(sensor.value, 6)}</Val><Date>${sensor.date}</Date><Info>${sensor.info}</Info></Sensor>`;
  }

  private write(id: string, value: number, date: string): string {
    const sensor = this.sensors.get(id);
    if (sensor) {
      sensor.value = value;
      sensor.date = date;
    }
    return this.read(id);
  }
}

export const weatherStation: SimulatorModule = {
  name: 'weather_station',
  servers: [{ listen: 12600, transport: 'udp' }],
  createSystem: ({ clock }) => new WeatherStationSystem(clock),
};
