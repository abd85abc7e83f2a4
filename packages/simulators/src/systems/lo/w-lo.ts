import { DeviceError, lineParser, type Parser, type System } from '../../framework/index.js';
import { formatPythonFloat, pyFloat } from '@discos/backend-protocol';

const TAIL = '\r\n';
const ACK = `ACK${TAIL}`;

/** A setter's argument: a float when it parses as one, else the text minus its last character (the CR). */
type Value = number | string;

function show(value: Value): string {
  return typeof value === 'number' ? formatPythonFloat(value) : value;
}

function capitalize(value: Value): string {
  if (typeof value !== 'string') throw new DeviceError('reference is not text');
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
}

/** The W-band local oscillator: `set X=v` / `get X` lines ended by CR LF, `;` joins answers. */
export class WLoSystem implements System {
  usbDevs = 0;
  readonly synthsTemp = [0, 0];
  readonly hkpTemp = [0, 0, 0, 0];
  refH: Value = '';
  refV: Value = '';
  statusPolH = 0;
  statusPolV = 0;
  freqPolH: Value = 0;
  freqPolV: Value = 0;
  attPolH: Value = 0;
  attPolV: Value = 0;

  private readonly setters: Record<string, (value: Value) => string> = {
    'set W_LO_freq_PolH': (v) => {
      this.freqPolH = v;
      return ACK;
    },
    'set W_LO_freq_PolV': (v) => {
      this.freqPolV = v;
      return ACK;
    },
    'set W_LO_RefH': (v) => {
      this.refH = v;
      return ACK;
    },
    'set W_LO_RefV': (v) => {
      this.refV = v;
      return ACK;
    },
    'set LO_att_PolH': (v) => {
      this.attPolH = v;
      return ACK;
    },
    'set LO_att_PolV': (v) => {
      this.attPolV = v;
      return ACK;
    },
  };

  private readonly getters: Record<string, () => string> = {
    'enable USB_devs': () => {
      this.usbDevs = 1;
      return ACK;
    },
    'disable USB_devs': () => {
      this.usbDevs = 0;
      return ACK;
    },
    'get W_LO_PolH': () => `${show(this.freqPolH)}MHz${TAIL}`,
    'get W_LO_PolV': () => `${show(this.freqPolV)}MHz${TAIL}`,
    'get W_LO_Pols': () => `${show(this.freqPolH)}MHz,${show(this.freqPolV)}MHz${TAIL}`,
    'get W_LO_Synths_Temp': () => `${formatPythonFloat(this.synthsTemp[0]!)}C,${formatPythonFloat(this.synthsTemp[1]!)}C${TAIL}`,
    'get W_LO_HKP_Temp': () => `${this.hkpTemp.map((t, i) => `${i === 1 ? ',' : ''}+${formatPythonFloat(t)}C`).join('')}${TAIL}`,
    'get W_LO_RefH': () => `${capitalize(this.refH)}.${TAIL}`,
    'get W_LO_RefV': () => `${capitalize(this.refV)}.${TAIL}`,
    'get W_LO_status': () => `${this.statusPolH},${this.statusPolV}${TAIL}`,
    'get LO_att_PolH': () => `${show(this.attPolH)}dB${TAIL}`,
    'get LO_att_PolV': () => `${show(this.attPolV)}dB${TAIL}`,
    'get LO_atts': () => `${show(this.attPolH)}dB,${show(this.attPolV)}dB${TAIL}`,
  };

  createParser(): Parser {
    return lineParser((line) => {
      let answer = '';
      for (const command of line.split(';')) {
        const args = command.split('=');
        if (args.length >= 2) {
          const set = Object.hasOwn(this.setters, args[0]!) ? this.setters[args[0]!] : undefined;
          if (!set) throw new DeviceError(`unknown command ${args[0]}`);
          const raw = args[1]!;
          const number = pyFloat(raw);
          answer += `${set(number ?? raw.slice(0, -1))};`;
        } else {
          const name = args[0]!.slice(0, -1); // drop the CR
          const get = Object.hasOwn(this.getters, name) ? this.getters[name] : undefined;
          if (!get) throw new DeviceError(`unknown command ${name}`);
          answer += `${get()};`;
        }
      }
      const reply = answer.slice(0, -1);
      return reply.length > 0 ? reply : true;
    });
  }
}
