import { DeviceError, headedCommandParser, type Clock, type Parser, type SimulatorModule, type System } from '../../framework/index.js';
import { pyInt, pyStrip } from '@discos/backend-protocol';

const COMMANDS = new Set(['I', 'C', '?', 'F']);
const MAX_MSG_LENGTH = 7; // 'I 16 1\n'
const MAX_CHANNELS = 17;
const SLOW_CHANNEL = 16;
const MAX_PERIOD_MS = 5000;
const ACK = 'ack\n';
const NAK = 'nak\n';

/** The calibration multiplexer: 17 input channels with polarity, calibration on the slow channel 16. */
export class CalmuxSystem implements System {
  private currentChannel = SLOW_CHANNEL;
  private readonly polarities = new Array<number>(MAX_CHANNELS).fill(0);
  private readonly calon = new Array<number>(MAX_CHANNELS).fill(0);

  constructor(private readonly clock: Clock) {}

  createParser(): Parser {
    return headedCommandParser((command) => this.execute(command), {
      isHeader: (byte) => COMMANDS.has(String.fromCharCode(byte)),
      terminators: [0x0a, 0x0d],
      maxLength: MAX_MSG_LENGTH,
      tooLongMessage: `Message too long: max length should be ${MAX_MSG_LENGTH}`,
    });
  }

  private execute(msg: string): string | Promise<string> {
    const args = msg.split(' ').map((x) => pyStrip(x));
    // The reference looks the whole first word up before reading any parameter: `I1 0` or `??` is no command, and
    // the device stays silent (its lookup fails with an exception).
    const word = args[0]!;
    if (!COMMANDS.has(word)) throw new DeviceError(`unknown command ${JSON.stringify(word)}`);
    const params: number[] = [];
    for (const arg of args.slice(1)) {
      const value = pyInt(arg);
      if (value === undefined) return NAK;
      params.push(Number(value)); // a 7-byte message holds no integer beyond 2^53
    }
    switch (word) {
      case 'I':
        return this.setInput(params);
      case 'C':
        return this.setCalibration(params);
      case '?':
        return this.status(params);
      default:
        return this.frequency(params);
    }
  }

  private setInput(params: number[]): string {
    if (params.length !== 2) return NAK;
    const [channel = -1, polarity = -1] = params;
    if (channel < 0 || channel >= MAX_CHANNELS || (polarity !== 0 && polarity !== 1)) return NAK;
    this.currentChannel = channel;
    this.polarities[channel] = polarity;
    return ACK;
  }

  private setCalibration(params: number[]): string {
    if (params.length !== 1 || (params[0] !== 0 && params[0] !== 1)) return NAK;
    this.calon[SLOW_CHANNEL] = params[0];
    return ACK;
  }

  private status(params: number[]): string {
    if (params.length > 0) return NAK;
    const ch = this.currentChannel;
    return `${ch} ${this.polarities[ch]} ${this.calon[ch]}\n`;
  }

  private frequency(params: number[]): string | Promise<string> {
    if (params.length !== 1) return NAK;
    const period = params[0]!;
    if (period < 0 || period > MAX_PERIOD_MS) return NAK;
    // The device answers after integrating for `period` ms; only this connection waits.
    return this.clock.sleep(period).then(() => '0 0 0');
  }
}

export const calmux: SimulatorModule = {
  name: 'calmux',
  servers: [{ listen: 12500, transport: 'tcp' }],
  createSystem: ({ clock }) => new CalmuxSystem(clock),
};
