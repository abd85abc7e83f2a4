import {
  ClientClosedError,
  ConnectionClosedError,
  RequestTimeoutError,
  TcpClient,
  delimiterFramer,
  type Logger,
} from '@observatory/core';
import { BackendFailError, BackendInvalidError, ConnectionLostError, GrammarError, ProtocolError } from '../errors.js';
import { request as makeRequest, type Message } from '../grammar/message.js';
import { isValidName, parseMessage } from '../grammar/parse.js';
import { serialiseMessage } from '../grammar/serialise.js';
import { toTicks } from '../time/discos-time.js';
import { formatReplyArg, pyFloat, pyInt, type ReplyArg } from '../values/python-number.js';

export interface BackendClientOptions {
  host?: string;
  port: number;
  /** Default 5000 ms (also bounds the wait for the greeting). */
  connectTimeoutMs?: number;
  /** Default 5000 ms. */
  requestTimeoutMs?: number;
  /** Longest reply line accepted. Default 1 MiB. */
  maxLineBytes?: number;
  logger?: Logger;
}

/** The answer to `request()`: any code, never thrown. */
export interface BackendReply {
  name: string;
  code: Message['code'];
  args: string[];
}

export interface BackendStatus {
  /** Backend clock, unix seconds. */
  time: number;
  /** `ok`, or a failure text. */
  status: string;
  acquiring: boolean;
}

export type SectionValue = number | bigint | string;

const LINE_BREAK = /[\r\n]/;

function toLine(frame: Buffer): string {
  // Lines end in CRLF, but a bare LF is tolerated as the DISCOS client does.
  const end = frame.length > 0 && frame[frame.length - 1] === 13 ? frame.length - 1 : frame.length;
  return frame.toString('latin1', 0, end);
}

/**
 * A client of a DISCOS backend: reads the greeting, pipelines requests with FIFO matching, and offers
 * one typed method per command. Built on `@observatory/core`'s `TcpClient`.
 */
export class BackendClient {
  /** The version announced by the greeting. */
  readonly serverVersion: string;
  private lost: Error | undefined;
  private closedByUser = false;
  private closedPromise: Promise<void>;

  private constructor(
    private readonly tcp: TcpClient,
    greeting: Message,
  ) {
    this.serverVersion = greeting.args[0] ?? '';
    this.closedPromise = new Promise((resolve) => {
      tcp.once('disconnect', (cause) => {
        this.lost ??= cause;
        resolve();
      });
    });
  }

  /** Connects and reads the greeting; a missing or malformed greeting is a `ProtocolError`. */
  static async connect(options: BackendClientOptions): Promise<BackendClient> {
    const tcp = new TcpClient({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      framer: delimiterFramer({ delimiter: '\n', maxFrameBytes: options.maxLineBytes ?? 1 << 20 }),
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      logger: options.logger,
    });
    await tcp.connect();
    let greeting: Message;
    try {
      const line = toLine(await tcp.readFrame(options.connectTimeoutMs ?? 5000));
      greeting = parseMessage(line);
      if (greeting.type !== 'reply' || greeting.name !== 'version' || greeting.code !== 'ok' || greeting.args.length < 1) {
        throw new ProtocolError(`malformed greeting '${line}'`);
      }
    } catch (err) {
      await tcp.close();
      if (err instanceof ProtocolError) throw err;
      if (err instanceof GrammarError) throw new ProtocolError(`malformed greeting: ${err.reason}`, { cause: err });
      throw new ProtocolError('no greeting from the backend', { cause: err });
    }
    return new BackendClient(tcp, greeting);
  }

  /** True until the connection closes or falls out of step. */
  get connected(): boolean {
    return this.tcp.connected && !this.lost;
  }

  /** Sends `?name[,args]` and resolves with the reply, whatever its code. */
  async request(name: string, args: readonly ReplyArg[] = [], options: { timeoutMs?: number } = {}): Promise<BackendReply> {
    if (!isValidName(name)) throw new GrammarError(`invalid command name '${name}'`);
    const texts = args.map(formatReplyArg);
    if (texts.some((t) => LINE_BREAK.test(t))) throw new GrammarError('arguments must not contain CR or LF');
    if (texts.length === 1 && texts[0] === '') throw new GrammarError('a single empty argument cannot be sent');
    if (this.closedByUser) throw new ClientClosedError();
    if (this.lost) throw new ConnectionLostError(undefined, { cause: this.lost });
    const line = `${serialiseMessage(makeRequest(name, texts))}\r\n`;
    let frame: Buffer;
    try {
      frame = await this.tcp.request(line, { timeoutMs: options.timeoutMs });
    } catch (err) {
      throw this.mapError(err);
    }
    const text = toLine(frame);
    let message: Message;
    try {
      message = parseMessage(text);
    } catch (err) {
      throw new ProtocolError(`unparseable reply '${text}'`, { cause: err });
    }
    if (message.type !== 'reply') throw new ProtocolError(`expected a reply, got '${text}'`);
    return { name: message.name, code: message.code, args: [...message.args] };
  }

  /** Sends a request and returns the reply's arguments; `fail` → `BackendFailError`, `invalid` → `BackendInvalidError`. */
  async call(name: string, args: readonly ReplyArg[] = []): Promise<string[]> {
    const answer = await this.request(name, args);
    if (answer.code === 'fail') throw new BackendFailError(name, answer.args.join(','));
    if (answer.code === 'invalid') throw new BackendInvalidError(name, answer.args.join(','));
    if (answer.name !== name) throw new ProtocolError(`reply for '${answer.name}' to request '${name}'`);
    return answer.args;
  }

  async status(): Promise<BackendStatus> {
    const [time = '', status = '', acquiring = ''] = await this.call('status');
    return { time: this.float(time), status, acquiring: acquiring === '1' };
  }

  async version(): Promise<string> {
    return (await this.call('version'))[0] ?? '';
  }

  async getConfiguration(): Promise<string> {
    return (await this.call('get-configuration'))[0] ?? '';
  }

  async setConfiguration(name: string): Promise<void> {
    await this.call('set-configuration', [name]);
  }

  async getIntegration(): Promise<number | bigint> {
    const [value = ''] = await this.call('get-integration');
    const parsed = pyInt(value);
    if (parsed === undefined) throw new ProtocolError(`integration '${value}' is not an integer`);
    return parsed;
  }

  async setIntegration(ms: number | bigint): Promise<void> {
    await this.call('set-integration', [ms]);
  }

  async getTpi(): Promise<[number, number]> {
    const [a = '', b = ''] = await this.call('get-tpi');
    return [this.float(a), this.float(b)];
  }

  async getTp0(): Promise<[number, number]> {
    const [a = '', b = ''] = await this.call('get-tp0');
    return [this.float(a), this.float(b)];
  }

  /** The backend clock in unix seconds. */
  async time(): Promise<number> {
    return this.float((await this.call('time'))[0] ?? '');
  }

  /** Starts now, or at a `Date` / tick count (100-ns ticks since 1970). */
  async start(at?: Date | bigint): Promise<void> {
    await this.call('start', at === undefined ? [] : [typeof at === 'bigint' ? at : toTicks(at)]);
  }

  async stop(at?: Date | bigint): Promise<void> {
    await this.call('stop', at === undefined ? [] : [typeof at === 'bigint' ? at : toTicks(at)]);
  }

  /** Configures a section; pass `'*'` to leave a value unchanged. */
  async setSection(
    section: SectionValue,
    startFreq: SectionValue,
    bandwidth: SectionValue,
    feed: SectionValue,
    mode: string,
    sampleRate: SectionValue,
    bins: SectionValue,
  ): Promise<void> {
    await this.call('set-section', [section, startFreq, bandwidth, feed, mode, sampleRate, bins]);
  }

  async calOn(interleave?: number): Promise<void> {
    await this.call('cal-on', interleave === undefined ? [] : [interleave]);
  }

  async setFilename(name: string): Promise<void> {
    await this.call('set-filename', [name]);
  }

  async convertData(): Promise<void> {
    await this.call('convert-data');
  }

  async setEnable(feed1: number, feed2: number): Promise<void> {
    await this.call('set-enable', [feed1, feed2]);
  }

  async endSchedule(): Promise<void> {
    await this.call('end-schedule');
  }

  /** `?backend-park`. */
  async park(): Promise<void> {
    await this.call('backend-park');
  }

  async setShift(shift: number): Promise<void> {
    await this.call('set-shift', [shift]);
  }

  /** Writes raw bytes (strings are latin-1), for tests. */
  writeRaw(bytes: Buffer | string): void {
    if (this.closedByUser) throw new ClientClosedError();
    this.tcp.send(bytes);
  }

  /** Reads the next line no request claims (latin-1, line terminator removed). */
  async readLine(timeoutMs = 5000): Promise<string> {
    try {
      return toLine(await this.tcp.readFrame(timeoutMs));
    } catch (err) {
      throw err instanceof RequestTimeoutError ? err : this.mapError(err);
    }
  }

  /** Resolves when the server closes the connection; rejects with `RequestTimeoutError` after `timeoutMs`. */
  async waitClosed(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimeoutError(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([this.closedPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection; pending requests reject with `ClientClosedError`. Idempotent. */
  async close(): Promise<void> {
    this.closedByUser = true;
    await this.tcp.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private float(text: string): number {
    const value = pyFloat(text);
    if (value === undefined) throw new ProtocolError(`'${text}' is not a number`);
    return value;
  }

  /** A timeout leaves replies out of step: drop the connection and fail everything pending. */
  private mapError(err: unknown): Error {
    if (err instanceof RequestTimeoutError) {
      if (!this.lost) {
        this.lost = err;
        void this.tcp.close();
      }
      return err;
    }
    if (this.closedByUser) return err instanceof Error ? err : new ClientClosedError();
    if (err instanceof ClientClosedError || err instanceof ConnectionClosedError) {
      return new ConnectionLostError(undefined, { cause: this.lost ?? err });
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
