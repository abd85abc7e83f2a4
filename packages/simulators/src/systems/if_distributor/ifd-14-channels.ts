import { DeviceError, headedCommandParser, type Parser, type System } from '../../framework/index.js';
import { formatPythonFloat, pyInt, pyRStrip, pySplit } from '@discos/backend-protocol';

const MAX_MSG_LENGTH = 12; // '#AAA 99 999\n'
const MAX_CHANNELS = 96;
const ATT_STEP = 0.25;
const MAX_ATT_MULTIPLIER = 31.75 / ATT_STEP;
const VERSION = 'SRT IF Distributor Simulator 1.0';

/** The 14-channel SRT IF distributor: `#ATT`/`#SWT` setters (silent) and getters, `#*IDN?`, `#*RST`. */
export class Ifd14System implements System {
  private channels: number[] = [];
  private switched = false;

  constructor() {
    this.reset();
  }

  private reset(): void {
    this.channels = new Array<number>(MAX_CHANNELS).fill(MAX_ATT_MULTIPLIER);
    this.switched = false;
  }

  createParser(): Parser {
    // The header '#' is not part of the command.
    return headedCommandParser((message) => this.execute(message.slice(1)), {
      isHeader: (byte) => byte === 0x23,
      terminators: [0x0a],
      maxLength: MAX_MSG_LENGTH,
      tooLongMessage: `Message too long: max length should be ${MAX_MSG_LENGTH}.`,
    });
  }

  private channel(text: string): number {
    const parsed = pyInt(text);
    if (parsed === undefined) throw new DeviceError('The channel ID must be an integer.');
    if (parsed >= MAX_CHANNELS || parsed < 0) throw new DeviceError(`Channel ${parsed} does not exist.`);
    return Number(parsed);
  }

  private execute(msg: string): string | true {
    if (msg.includes(' ') && !msg.includes('?')) {
      const parts = pySplit(msg);
      if (parts.length !== 3) throw new DeviceError('The setup message must have three items: command, channel, and value.');
      const [command = '', channelText = '', valueText = ''] = parts;
      if (command !== 'ATT' && command !== 'SWT') throw new DeviceError(`Command ${command} not in ['ATT', 'SWT']`);
      const channel = this.channel(channelText);
      const parsed = pyInt(valueText);
      if (parsed === undefined) throw new DeviceError('The command value must be an integer.');
      const value = Number(parsed); // a 12-byte message holds no integer beyond 2^53
      if (command === 'ATT') {
        if (value < 0 || value >= MAX_ATT_MULTIPLIER) throw new DeviceError(`Value ${value} not allowed`);
        this.channels[channel] = value;
      } else if (value === 0 || value === 1) {
        this.switched = value === 1;
      } else {
        throw new DeviceError('SWT command accepts only values 00 or 01');
      }
      return true; // setters are silent
    }
    if (msg.includes(' ') && msg.includes('?')) {
      const parts = pySplit(pyRStrip(msg, '?'));
      if (parts.length !== 2) throw new DeviceError('The get message must have two items: command and channel.');
      const [command = '', channelText = ''] = parts;
      const channel = this.channel(channelText);
      if (command === 'ATT') return `#${formatPythonFloat(this.channels[channel]! * ATT_STEP)}\n`;
      if (command === 'SWT') return `#${this.switched ? 1 : 0}\n`;
      throw new DeviceError(`Command ${command} not in ['ATT', 'SWT']`);
    }
    if (msg === '*IDN?') return VERSION;
    if (msg === '*RST') {
      this.reset();
      return true;
    }
    return '#COMMAND UNKNOWN\n';
  }
}
