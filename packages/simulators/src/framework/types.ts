import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@observatory/core';
import type { Clock } from '@observatory/core';

/**
 * What `parse(byte)` returns:
 * - `false`: not a header, the byte is dropped;
 * - `true`: accepted (or complete with nothing to send);
 * - a non-empty `Uint8Array` or latin-1 `string`: the reply, sent at once;
 * - a `Promise` of the above: a device delay; the connection's feed pauses until it settles.
 * Throw {@link DeviceError} for a bad length, checksum or command. Anything else is logged as a bug.
 */
export type ParseResult = boolean | string | Uint8Array;

export interface Parser {
  parse(byte: number): ParseResult | Promise<ParseResult>;
}

/** Reply of a custom command: sent raw (strings as latin-1); nothing when undefined. */
export type CustomCommandResult = string | Uint8Array | undefined | void;
export type CustomCommand = (...params: string[]) => CustomCommandResult;

/** A latest-only mailbox: the System puts messages, the framework writes them; slow readers skip frames. */
export interface Sink {
  put(message: Uint8Array): void;
}

/** Device state of one server row, shared by its listen and send servers and all their connections. */
export interface System {
  /** A parser for one connection (TCP) or one datagram (UDP). Omit for send-only systems. */
  createParser?(): Parser;
  /** Bytes sent on each TCP connect. */
  greet?(): string | Uint8Array | undefined;
  /** Extra custom commands by wire name; only names starting `system_` are ever run. */
  readonly customCommands?: Readonly<Record<string, CustomCommand>>;
  /** Sending systems: how often a message is produced (default 10 ms). */
  readonly samplingPeriodMs?: number;
  subscribe?(sink: Sink): void;
  unsubscribe?(sink: Sink): void;
  /** Answers HTTP requests on the row's `http` port (minor_servos). */
  handleHttp?(request: IncomingMessage, response: ServerResponse): void;
  /** Stops the System's timers. Called once when its row stops. */
  dispose?(): void;
}

/** What a System factory receives: the row's options plus the runtime's clock and logger. */
export interface SystemContext {
  readonly options: Readonly<Record<string, unknown>>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Address used to bind servers (outbound clients such as totalpower's may need it). */
  readonly host: string;
}

export type SystemFactory = (context: SystemContext) => System;

/** One independent simulator instance: its endpoints and System options. Ports are before any offset. */
export interface ServerRow {
  /** Port receiving commands (parsed byte by byte). */
  readonly listen?: number;
  /** Port streaming the System's messages to subscribers. */
  readonly send?: number;
  /** HTTP port answered by `System.handleHttp`. */
  readonly http?: number;
  readonly transport: 'tcp' | 'udp';
  /** Passed to the System factory (`type` picks a MultiTypeSystem's type). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** A simulator module: one file (or folder) per device family. */
export interface SimulatorModule {
  /** Module name as the CLI knows it (`calmux`, `if_distributor`, ...). */
  readonly name: string;
  readonly servers: readonly ServerRow[];
  readonly createSystem: SystemFactory;
  /** MultiTypeSystem: the available types (the CLI's `-t`), in declaration order. */
  readonly types?: readonly string[];
}
