// A complete simulator in one module: a thermometer answering `T?\n` with its temperature and
// `T <value>\n` with `ack\n` (or `nak\n`), streaming its reading to subscribers every 100 ms, with a
// custom command `$system_fault:on%%%%%` to make it fail.
import {
  Broadcaster,
  DeviceError,
  lineParser,
  type Clock,
  type Parser,
  type SimulatorModule,
  type System,
  type TimerHandle,
} from '@discos/simulators';

export class ThermometerSystem implements System {
  readonly samplingPeriodMs = 100;
  private temperature = 20;
  private faulty = false;
  private readonly subscribers = new Broadcaster();
  private readonly timer: TimerHandle;

  readonly customCommands = {
    system_fault: (state = 'on') => {
      this.faulty = state === 'on';
      return `fault ${this.faulty ? 'on' : 'off'}\n`;
    },
  };

  constructor(private readonly clock: Clock) {
    // Device time comes from the injected clock, so tests can run it fast.
    this.timer = clock.setInterval(() => this.subscribers.publish(Buffer.from(`${this.temperature.toFixed(1)}\n`)), this.samplingPeriodMs);
  }

  createParser(): Parser {
    // One parser per connection: frame assembly never mixes connections.
    return lineParser((line) => {
      if (this.faulty) return 'nak\n';
      if (line === 'T?') return `${this.temperature.toFixed(1)}\n`;
      const match = /^T (-?\d+(?:\.\d+)?)$/.exec(line);
      if (!match) throw new DeviceError(`unknown command ${JSON.stringify(line)}`); // logged, nothing sent
      this.temperature = Number(match[1]);
      return 'ack\n';
    });
  }

  greet(): string {
    return 'thermometer ready\n';
  }

  subscribe(sink: Parameters<Broadcaster['subscribe']>[0]): void {
    this.subscribers.subscribe(sink);
  }

  unsubscribe(sink: Parameters<Broadcaster['unsubscribe']>[0]): void {
    this.subscribers.unsubscribe(sink);
  }

  dispose(): void {
    this.clock.clearInterval(this.timer);
  }
}

export const thermometer: SimulatorModule = {
  name: 'thermometer',
  // One row: commands on 14000, readings streamed on 14001. Each row gets its own System.
  servers: [{ listen: 14000, send: 14001, transport: 'tcp' }],
  createSystem: ({ clock }) => new ThermometerSystem(clock),
};
