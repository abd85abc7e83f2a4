import { ObservatoryError, componentLogger, type Logger } from '@observatory/core';
import { HandlerError } from '../errors.js';
import { reply, type Message } from '../grammar/message.js';
import { DEFAULT_PROTOCOL_VERSION, toProtocolVersion, versionAtLeast, type ProtocolVersion } from '../protocol-version.js';
import { fromTicks, isValidTicks, type DiscosTime } from '../time/discos-time.js';
import { formatReplyArg, pyBigInt, pyFloat, pyInt } from '../values/python-number.js';
import type { Backend, BackendResult, IntArg, MaybePromise, Unchanged } from './backend.js';
import type { Handler } from './handler.js';

export interface BackendProtocolHandlerOptions {
  /** Version served: changes `?version`, the command set and no-argument strictness. Default `'1.4'`. */
  protocolVersion?: ProtocolVersion;
  logger?: Logger;
}

type Args = readonly string[];

interface Command {
  /** First protocol version with this command. */
  since: string;
  /** Before 1.4 these ignored extra arguments; from 1.4 they reject them. */
  noArguments?: boolean;
  run(args: Args): MaybePromise<BackendResult>;
}

/** Thrown for a backend result that is neither nothing nor an array of strings/numbers. */
class InvalidBackendResultError extends ObservatoryError {
  constructor(message: string) {
    super('DISCOS_INVALID_BACKEND_RESULT', message);
  }
}

function toInt(text: string, failText: string): IntArg {
  const value = pyInt(text);
  if (value === undefined) throw new HandlerError(failText);
  return value;
}

function toFloat(text: string, failText: string): number {
  const value = pyFloat(text);
  if (value === undefined) throw new HandlerError(failText);
  return value;
}

function toTimestamp(text: string): DiscosTime {
  const ticks = pyBigInt(text);
  if (ticks === undefined || !isValidTicks(ticks)) throw new HandlerError(`wrong timestamp '${text}'`);
  return fromTicks(ticks);
}

function orUnchanged<T>(text: string, convert: (t: string) => T): T | Unchanged {
  return text === '*' ? '*' : convert(text);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The command table of protocol 1.4 (optionally 1.2/1.3) over a {@link Backend}: argument checks with
 * the reference's fail texts, conversion, and reply formatting. Synchronous backends keep it synchronous.
 */
export class BackendProtocolHandler implements Handler {
  readonly protocolVersion: ProtocolVersion;
  private readonly commands = new Map<string, Command>();
  private readonly strictNoArguments: boolean;
  private readonly log: Logger;

  constructor(
    readonly backend: Backend,
    options: BackendProtocolHandlerOptions = {},
  ) {
    this.protocolVersion = toProtocolVersion(options.protocolVersion ?? DEFAULT_PROTOCOL_VERSION);
    this.strictNoArguments = versionAtLeast(this.protocolVersion, '1.4');
    this.log = componentLogger(options.logger, 'backend-protocol-handler');
    const b = backend;
    const table: Record<string, Command> = {
      status: { since: '1.0', noArguments: true, run: () => b.status() },
      version: { since: '1.0', noArguments: true, run: () => [this.protocolVersion] },
      'get-configuration': { since: '1.1', noArguments: true, run: () => b.getConfiguration() },
      'set-configuration': {
        since: '1.0',
        run: (args) => {
          if (args.length < 1) throw new HandlerError('missing argument: configuration');
          return b.setConfiguration(args[0]!);
        },
      },
      'get-integration': { since: '1.1', noArguments: true, run: () => b.getIntegration() },
      'set-integration': {
        since: '1.1',
        run: (args) => {
          if (args.length < 1) throw new HandlerError('missing argument: integration time');
          return b.setIntegration(toInt(args[0]!, 'integration time must be an integer number'));
        },
      },
      'get-tpi': { since: '1.1', noArguments: true, run: () => b.getTpi() },
      'get-tp0': { since: '1.1', noArguments: true, run: () => b.getTp0() },
      time: { since: '1.0', noArguments: true, run: () => b.time() },
      start: { since: '1.0', run: (args) => (args.length < 1 ? b.start() : b.start(toTimestamp(args[0]!))) },
      stop: { since: '1.0', run: (args) => (args.length < 1 ? b.stop() : b.stop(toTimestamp(args[0]!))) },
      'set-section': {
        since: '1.0',
        run: (args) => {
          if (args.length < 7) throw new HandlerError('set-section needs 7 arguments');
          const fail = 'wrong parameter format';
          const int = (t: string) => orUnchanged(t, (x) => toInt(x, fail));
          const float = (t: string) => orUnchanged(t, (x) => toFloat(x, fail));
          const section = int(args[0]!);
          const startFreq = float(args[1]!);
          const bandwidth = float(args[2]!);
          const feed = int(args[3]!);
          const mode = args[4]!;
          const sampleRate = float(args[5]!);
          const bins = int(args[6]!);
          return b.setSection(section, startFreq, bandwidth, feed, mode, sampleRate, bins);
        },
      },
      'cal-on': {
        since: '1.0',
        run: (args) => {
          if (args.length < 1) return b.calOn(0);
          const fail = 'interleave samples must be a positive int';
          const interleave = toInt(args[0]!, fail);
          if (interleave < 0) throw new HandlerError(fail);
          return b.calOn(interleave);
        },
      },
      'set-filename': {
        since: '1.0',
        run: (args) => {
          if (args.length < 1) throw new HandlerError('command needs <filename> as argument');
          return b.setFilename(args[0]!);
        },
      },
      'convert-data': { since: '1.2', noArguments: true, run: () => b.convertData() },
      'set-enable': {
        since: '1.3',
        run: (args) => {
          if (args.length < 2) throw new HandlerError('set-enable needs 2 arguments');
          const fail = 'wrong parameter format';
          const feed1 = toInt(args[0]!, fail);
          const feed2 = toInt(args[1]!, fail);
          return b.setEnable(feed1, feed2);
        },
      },
      'end-schedule': { since: '1.4', noArguments: true, run: () => b.endSchedule() },
      'backend-park': { since: '1.4', noArguments: true, run: () => b.park() },
      'set-shift': {
        since: '1.4',
        run: (args) => {
          if (args.length !== 1) throw new HandlerError('set-shift needs 1 argument');
          return b.setShift(toInt(args[0]!, 'wrong parameter format'));
        },
      },
    };
    for (const [name, command] of Object.entries(table)) {
      if (versionAtLeast(this.protocolVersion, command.since)) this.commands.set(name, command);
    }
  }

  /** Names of the commands served at this protocol version. */
  get commandNames(): string[] {
    return [...this.commands.keys()];
  }

  /** The server closed: lets the backend release timers and hardware. */
  stop(): void | Promise<void> {
    return this.backend.dispose?.();
  }

  handle(request: Message): Message | Promise<Message> {
    const { name, args } = request;
    const command = this.commands.get(name);
    if (!command) throw new HandlerError(`invalid command '${name}'`);
    if (command.noArguments && args.length > 0 && this.strictNoArguments) {
      throw new HandlerError(`${name} needs no arguments`);
    }
    const result = command.run(args);
    if (isPromiseLike(result)) return Promise.resolve(result).then((value) => this.toReply(name, value));
    return this.toReply(name, result);
  }

  private toReply(name: string, result: BackendResult): Message {
    if (result === undefined || result === null) return reply(name, 'ok');
    if (!Array.isArray(result)) {
      this.log.error({ command: name, result: typeof result }, 'backend returned a non-array');
      throw new InvalidBackendResultError(`backend returned a non-array for ${name}`);
    }
    const args = (result as readonly unknown[]).map((value) => {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
        this.log.error({ command: name, type: typeof value }, 'backend returned an unsupported reply argument');
        throw new InvalidBackendResultError(`unsupported reply argument for ${name}`);
      }
      return formatReplyArg(value);
    });
    return reply(name, 'ok', args);
  }
}
