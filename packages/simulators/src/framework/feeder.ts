import type { Logger } from '@observatory/core';
import { CUSTOM_HEADER, CUSTOM_MAX_BYTES, CUSTOM_PREFIX, CUSTOM_TAIL } from './custom-commands.js';
import { DeviceError } from './device-error.js';
import type { LogLimiter } from './log-limiter.js';
import type { ParseResult, Parser } from './types.js';

const PREFIX = Buffer.from(CUSTOM_PREFIX, 'latin1');
const TAIL_BYTE = CUSTOM_TAIL.charCodeAt(0);
const TAIL_LEN = CUSTOM_TAIL.length;

/** Where a feeder's output goes. */
export interface FeederHost {
  reply(bytes: string | Uint8Array): void;
  customCommand(body: string): void;
  readonly logger: Logger;
  /** Bounds the lines bad input can cause (per connection, or per UDP row). Default: unlimited. */
  readonly logLimiter?: LogLimiter;
}

/** A run of bytes for the parser, or a complete custom command. */
type Op = Buffer | { command: string };

/**
 * The per-connection input path: separates `$system_...%%%%%` custom commands from device bytes
 * (custom-command bytes never reach the parser) and feeds every other byte, in order, to the
 * connection's parser, applying the `parse()` return contract. A `Promise` result suspends the
 * feed: `feed()` then returns a promise settling after the rest of the chunk was processed.
 */
export class Feeder {
  /** Bytes of the current custom-command candidate, or undefined when none. */
  private candidate: number[] | undefined;
  /** How many leading candidate bytes were already released to the parser (at a chunk end). */
  private released = 0;

  constructor(
    private readonly parser: Parser | undefined,
    private readonly host: FeederHost,
  ) {}

  feed(chunk: Buffer): void | Promise<void> {
    // Fast path: no custom command in sight, every byte goes to the parser.
    if (this.candidate === undefined && chunk.indexOf(CUSTOM_HEADER) < 0) return this.run([chunk], 0, 0);
    const ops = this.split(chunk);
    return this.run(ops, 0, 0);
  }

  private split(chunk: Buffer): Op[] {
    const ops: Op[] = [];
    let segStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      const candidate = this.candidate;
      if (candidate === undefined) {
        if (byte !== CUSTOM_HEADER) continue;
        if (i > segStart) ops.push(chunk.subarray(segStart, i));
        this.startCandidate();
        continue;
      }
      if (byte === CUSTOM_HEADER) {
        this.releaseHeld(ops);
        this.startCandidate();
        continue;
      }
      candidate.push(byte);
      const length = candidate.length;
      const fits = length <= PREFIX.length ? byte === PREFIX[length - 1] : byte !== 0x0a && byte !== 0x0d && length <= CUSTOM_MAX_BYTES;
      if (!fits) {
        this.releaseHeld(ops);
        this.candidate = undefined;
        segStart = i + 1;
        continue;
      }
      if (byte === TAIL_BYTE && length >= PREFIX.length + TAIL_LEN && endsWithTail(candidate)) {
        ops.push({ command: Buffer.from(candidate.slice(1, length - TAIL_LEN)).toString('latin1') });
        this.candidate = undefined;
        segStart = i + 1;
      }
    }
    if (this.candidate === undefined) {
      if (segStart < chunk.length) ops.push(segStart === 0 ? chunk : chunk.subarray(segStart));
    } else if (this.candidate.length < PREFIX.length) {
      // A short candidate may be device data (a binary 0x24): never delay it, but keep tracking it.
      this.releaseHeld(ops);
      this.released = this.candidate.length;
    }
    return ops;
  }

  private startCandidate(): void {
    this.candidate = [CUSTOM_HEADER];
    this.released = 0;
  }

  private releaseHeld(ops: Op[]): void {
    const candidate = this.candidate;
    if (candidate && candidate.length > this.released) ops.push(Buffer.from(candidate.slice(this.released)));
    this.released = candidate?.length ?? 0;
  }

  private run(ops: Op[], opIndex: number, byteIndex: number): void | Promise<void> {
    for (let o = opIndex; o < ops.length; o++) {
      const op = ops[o]!;
      if (!Buffer.isBuffer(op)) {
        this.host.customCommand(op.command);
        continue;
      }
      const parser = this.parser;
      if (!parser) continue;
      for (let i = o === opIndex ? byteIndex : 0; i < op.length; i++) {
        let result: ParseResult | Promise<ParseResult>;
        try {
          result = parser.parse(op[i]!);
        } catch (err) {
          this.failed(err);
          continue;
        }
        if (result instanceof Promise) {
          const rest = ops.map((x) => (Buffer.isBuffer(x) ? Buffer.from(x) : x));
          return result.then(
            (value) => {
              this.deliver(value);
              return this.run(rest, o, i + 1);
            },
            (err: unknown) => {
              this.failed(err);
              return this.run(rest, o, i + 1);
            },
          );
        }
        if (result !== true && result !== false) this.deliver(result);
      }
    }
  }

  private deliver(result: unknown): void {
    if (result === true || result === false) return;
    if ((typeof result === 'string' || result instanceof Uint8Array) && result.length > 0) {
      this.host.reply(result);
      return;
    }
    this.logLine((log) => log.debug({ response: result }, 'unexpected response'));
  }

  private failed(err: unknown): void {
    if (err instanceof DeviceError) {
      // Skipped cheaply at the default level: junk input costs no formatting.
      if (this.host.logger.isLevelEnabled('debug')) this.logLine((log) => log.debug(err.message));
    } else {
      this.logLine((log) => log.error({ err }, 'unexpected exception'));
    }
  }

  private logLine(write: (logger: Logger) => void): void {
    const limiter = this.host.logLimiter;
    if (limiter) limiter.log(this.host.logger, write);
    else write(this.host.logger);
  }
}

function endsWithTail(bytes: number[]): boolean {
  for (let k = 1; k <= TAIL_LEN; k++) if (bytes[bytes.length - k] !== TAIL_BYTE) return false;
  return true;
}
