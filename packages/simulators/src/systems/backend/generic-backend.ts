import {
  parseMessage,
  pyBigInt,
  pyFloat,
  formatPythonFixed,
  reply,
  serialiseMessage,
  formatReplyArg,
  GrammarError,
  type Message,
  type ReplyArg,
} from '@discos/backend-protocol';
import { ObservatoryError } from '@observatory/core';
import { crlfLineParser, type Clock, type Parser, type System, type TimerHandle } from '../../framework/index.js';
import { ACS_TO_UNIX_TIME } from '../../utils/index.js';

export const BACKEND_PROTOCOL_VERSION = '1.2';
const MAX_LINE = 65536;
const MAX_SECTIONS = 14;
const MAX_BANDWIDTH = 2000;

/** A command failure: the reply is `!<name>,fail,<message>`. */
export class BackendCommandError extends ObservatoryError {
  constructor(message: string) {
    super('DISCOS_BACKEND_COMMAND_FAILED', message);
  }
}

export type CommandResult = readonly ReplyArg[] | undefined;
export type Command = (args: readonly string[]) => CommandResult;

/** The wildcard `*` or a converted value. */
type Setting<T> = T | '*';

/**
 * The reference's generic DISCOS backend (protocol 1.2 flavour) on the `@discos/backend-protocol` grammar:
 * one instance per row, state shared by its connections, timed start/stop on the injected clock.
 */
export class GenericBackendSystem implements System {
  protected statusString = 'ok';
  acquiring = false;
  protected configuration = 'unconfigured';
  protected integration: bigint = 0n;
  protected filename = '';
  protected interleave: bigint = 0n;
  protected currentSections: number[] = Array.from({ length: MAX_SECTIONS }, (_, i) => i);
  protected readonly sections = new Map<Setting<bigint>, unknown[]>();
  protected failure = false;
  private waitingForStart = false;
  private waitingForStop = false;
  private startTimer: TimerHandle | undefined;
  private stopTimer: TimerHandle | undefined;
  /** Every timer ever started, so `dispose()` can stop them all. */
  private readonly timers = new Set<TimerHandle>();

  protected readonly commands = new Map<string, Command>([
    ['status', () => this.doStatus()],
    ['version', () => [BACKEND_PROTOCOL_VERSION]],
    ['get-configuration', () => [this.configuration]],
    ['set-configuration', (a) => this.setConfiguration(a)],
    ['set-integration', (a) => this.setIntegration(a)],
    ['get-integration', () => [this.integration]],
    ['set-section', (a) => this.setSection(a)],
    ['get-tpi', () => [Math.random() * 100, Math.random() * 100]],
    ['get-tp0', () => [0, 0]],
    ['cal-on', (a) => this.calOn(a)],
    ['set-enable', (a) => this.setEnable(a)],
    ['time', () => [this.time()]],
    ['start', (a) => this.doStart(a)],
    ['stop', (a) => this.doStop(a)],
    ['set-filename', (a) => this.setFilename(a)],
    ['get-filename', () => [this.filename]],
    ['convert-data', () => undefined],
  ]);

  constructor(
    protected readonly clock: Clock,
    private readonly validConfiguration: RegExp = /^[a-z0-9]/,
  ) {}

  greet(): string {
    return `${serialiseMessage(reply('version', 'ok', [BACKEND_PROTOCOL_VERSION]))}\r\n`;
  }

  createParser(): Parser {
    return crlfLineParser((line) => this.handle(line), { maxBytes: MAX_LINE, text: 'trimmed', tooLongMessage: `line longer than ${MAX_LINE} bytes` });
  }

  /** Answers one line (CR/LF already stripped). */
  handle(line: string): string | true {
    let message: Message;
    try {
      message = parseMessage(line);
    } catch (err) {
      if (!(err instanceof GrammarError)) throw err;
      return encode(reply('undefined', 'invalid', [`syntax error: ${err.reason}`]));
    }
    if (message.type !== 'request') return true;
    try {
      const command = this.commands.get(message.name);
      if (!command) throw new BackendCommandError(`invalid command '${message.name}'`);
      const result = command(message.args);
      const args = result && result.length > 0 ? result.map(formatReplyArg) : [];
      return encode(reply(message.name, this.failure ? 'fail' : 'ok', args));
    } catch (err) {
      if (!(err instanceof BackendCommandError)) throw err;
      return encode(reply(message.name, 'fail', [err.message]));
    }
  }

  protected time(): string {
    return formatPythonFixed(this.clock.now() / 1000, 7);
  }

  protected doStatus(): CommandResult {
    return [this.time(), this.statusString, this.acquiring ? 1 : 0];
  }

  private setConfiguration(args: readonly string[]): CommandResult {
    if (args.length < 1) throw new BackendCommandError('missing argument: configuration');
    if (!this.validConfiguration.test(args[0]!)) throw new BackendCommandError('invalid configuration');
    this.configuration = args[0]!;
    return undefined;
  }

  private setIntegration(args: readonly string[]): CommandResult {
    if (args.length < 1) throw new BackendCommandError('missing argument: integration time');
    const value = pyBigInt(args[0]!);
    if (value === undefined || value < 0n) throw new BackendCommandError('integration time must be an integer number');
    this.integration = value;
    return undefined;
  }

  private setFilename(args: readonly string[]): CommandResult {
    if (args.length < 1) throw new BackendCommandError('command needs <filename> as argument');
    this.filename = args[0]!;
    return undefined;
  }

  private setSection(args: readonly string[]): CommandResult {
    if (args.length < 7) throw new BackendCommandError('set-section needs 7 arguments');
    const int = (text: string): Setting<bigint> => {
      if (text === '*') return '*';
      const value = pyBigInt(text);
      if (value === undefined) throw new BackendCommandError('wrong parameter format');
      return value;
    };
    const float = (text: string): Setting<number> => {
      if (text === '*') return '*';
      const value = pyFloat(text);
      if (value === undefined) throw new BackendCommandError('wrong parameter format');
      return value;
    };
    const section = int(args[0]!);
    const settings = [float(args[1]!), float(args[2]!), int(args[3]!), args[4]!, float(args[5]!), int(args[6]!)];
    const bandwidth = settings[1];
    if (section !== '*' && section > BigInt(MAX_SECTIONS)) throw new BackendCommandError(`backend supports ${MAX_SECTIONS} sections`);
    if (bandwidth !== '*' && typeof bandwidth === 'number' && bandwidth > MAX_BANDWIDTH) {
      throw new BackendCommandError(`backend maximum bandwidth is ${formatPythonFixed(MAX_BANDWIDTH, 6)}`);
    }
    this.sections.set(section, settings);
    return undefined;
  }

  private calOn(args: readonly string[]): CommandResult {
    if (args.length < 1) {
      this.interleave = 0n;
      return undefined;
    }
    const value = pyBigInt(args[0]!);
    if (value === undefined || value < 0n) throw new BackendCommandError('interleave samples must be a positive int');
    this.interleave = value;
    return undefined;
  }

  private setEnable(args: readonly string[]): CommandResult {
    if (args.length < 2) throw new BackendCommandError('set-enable needs 2 arguments');
    const feed1 = pyBigInt(args[0]!);
    const feed2 = pyBigInt(args[1]!);
    if (feed1 === undefined || feed2 === undefined) throw new BackendCommandError('wrong parameter format');
    const feeds = BigInt(Math.trunc(MAX_SECTIONS / 2));
    if (feed1 < 0n || feed1 >= feeds) throw new BackendCommandError('feed1 out of range');
    if (feed2 < 0n || feed2 >= feeds) throw new BackendCommandError('feed2 out of range');
    const f1 = Number(feed1);
    const f2 = Number(feed2);
    this.currentSections = [f1 * 2, f1 * 2 + 1, f2 * 2, f2 * 2 + 1];
    return undefined;
  }

  /** The `start` / `stop` timestamp: ACS ticks (10^-7 s) parsed as a float, in unix seconds. */
  private timestamp(text: string): number {
    const value = pyFloat(text);
    if (value === undefined) throw new BackendCommandError(`wrong timestamp '${text}'`);
    return value / ACS_TO_UNIX_TIME;
  }

  protected doStart(args: readonly string[]): CommandResult {
    if (args.length < 1) {
      this.startNow();
      return undefined;
    }
    const at = this.timestamp(args[0]!);
    const now = this.clock.now() / 1000;
    if (at < now) throw new BackendCommandError('starting time already elapsed');
    if (this.waitingForStart) this.cancel(this.startTimer);
    this.waitingForStart = true;
    this.startTimer = this.schedule(() => this.startNow(), (at - now) * 1000);
    return undefined;
  }

  protected doStop(args: readonly string[]): CommandResult {
    if (args.length < 1) {
      this.stopNow();
      return undefined;
    }
    const at = this.timestamp(args[0]!);
    const now = this.clock.now() / 1000;
    if (at < now) throw new BackendCommandError('stop time already elapsed');
    if (this.waitingForStop) this.cancel(this.stopTimer);
    this.waitingForStop = true;
    this.stopTimer = this.schedule(() => this.stopNow(), (at - now) * 1000);
    return undefined;
  }

  private startNow(): void {
    if (this.acquiring) throw new BackendCommandError('already acquiring');
    this.waitingForStart = false;
    this.acquiring = true;
  }

  private stopNow(): void {
    if (!this.acquiring) throw new BackendCommandError('not acquiring');
    this.waitingForStart = false;
    this.waitingForStop = false;
    this.acquiring = false;
  }

  /** Runs `fn` after `ms` of device time; a failure in a timer (e.g. already acquiring) is dropped as upstream. */
  protected schedule(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      try {
        fn();
      } catch (err) {
        if (!(err instanceof BackendCommandError)) throw err;
      }
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  protected cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.clock.clearTimeout(handle);
    this.timers.delete(handle);
  }

  /** Back to the power-on state (mistral `reset`); pending timed start/stop keep running, as upstream. */
  protected resetGeneric(): void {
    this.statusString = 'ok';
    this.acquiring = false;
    this.waitingForStart = false;
    this.startTimer = undefined;
    this.waitingForStop = false;
    this.stopTimer = undefined;
    this.filename = '';
    this.configuration = 'unconfigured';
    this.integration = 0n;
    this.sections.clear();
    this.interleave = 0n;
    this.currentSections = Array.from({ length: MAX_SECTIONS }, (_, i) => i);
    this.failure = false;
  }

  dispose(): void {
    for (const handle of this.timers) this.clock.clearTimeout(handle);
    this.timers.clear();
  }
}

function encode(message: Message): string {
  return `${serialiseMessage(message)}\r\n`;
}
