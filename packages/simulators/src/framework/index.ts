/**
 * The simulator framework. How to implement a simulator (one module):
 *
 * - Export a `SimulatorModule`: `{ name, servers, createSystem, types? }`. `servers` are rows
 *   `{ listen?, send?, http?, transport: 'tcp' | 'udp', options? }` with the reference's ports (before any
 *   port offset). Each row gets its own System from `createSystem({ options, clock, logger, host })`.
 * - A System gives each TCP connection (or each UDP datagram, which arrives with `\n` appended) a parser:
 *   `createParser().parse(byte)` returns `false` (byte dropped, not a header), `true` (accepted / nothing to
 *   send), a non-empty latin-1 `string` or `Uint8Array` (the reply, sent at once), or a `Promise` of those
 *   (a device delay: that connection's feed pauses until it settles). Throw `DeviceError` for bad length,
 *   checksum or command: logged, nothing sent, connection kept. Keep frame-assembly state in the parser
 *   (per connection) and device state in the System (per row). `lineParser()` covers text protocols.
 * - Optional: `greet()` (bytes on each TCP connect), `customCommands` (`system_*` names only; the
 *   framework adds `system_stop` and `system_greet`), `dispose()` (clear your timers), `handleHttp()`.
 * - Sending systems set `samplingPeriodMs` and implement `subscribe(sink)` / `unsubscribe(sink)` (use a
 *   `Broadcaster`): `sink.put(bytes)` is latest-only, so slow readers skip messages.
 * - Use the injected `clock` (never `Date.now()`/`setTimeout` directly) so tests can run time fast.
 * - MultiTypeSystem: `createSystem: multiTypeSystem({ types: { a: fa, b: fb }, defaultType: 'a' })` and
 *   `types: ['a', 'b']` on the module; row option `type` picks one.
 * - Register the module in `src/systems/registry.ts` (one import line plus one entry line).
 */
export { Broadcaster, LatestSink } from './broadcaster.js';
export { ByteAccumulator } from './byte-accumulator.js';
export { crlfLineParser, type CrLfLineParserOptions } from './crlf-line-parser.js';
export { createClock, ManualClock, systemClock, type Clock, type ClockOptions, type TimerHandle } from '@observatory/core';
export {
  CUSTOM_HEADER,
  CUSTOM_MAX_BYTES,
  CUSTOM_PREFIX,
  CUSTOM_TAIL,
  type CustomCommandOutcome,
  IDENTIFY_COMMAND,
  identityReply,
  isWholeCustomCommand,
  parseIdentity,
  runCustomCommand,
  SHUTDOWN_REPLY,
  splitCustomCommand,
} from './custom-commands.js';
export { DeviceError, SimulatorConfigError } from './device-error.js';
export { Feeder, type FeederHost } from './feeder.js';
export { lineParser, type LineParserOptions } from './line-parser.js';
export { LogLimiter, type LogLimiterOptions } from './log-limiter.js';
export { headedCommandParser, type HeadedCommandParserOptions } from './headed-command-parser.js';
export { type MultiTypeDefinition, multiTypeSystem } from './multi-type.js';
export { type RowPorts, RowRuntime, type RowRuntimeOptions } from './row-runtime.js';
export { DEFAULT_BACKLOG, RunningSimulator, startSimulator, type StartSimulatorOptions, validateType } from './simulator.js';
export type {
  CustomCommand,
  CustomCommandResult,
  Parser,
  ParseResult,
  ServerRow,
  SimulatorModule,
  Sink,
  System,
  SystemContext,
  SystemFactory,
} from './types.js';
