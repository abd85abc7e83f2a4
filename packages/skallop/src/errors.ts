import { ObservatoryError } from '@observatory/core';
import type { RecordedEvent } from './wait/recorded-event.js';

/** A wait did not see every condition met before its total deadline. */
export class WaitTimeoutError extends ObservatoryError {
  constructor(
    message: string,
    /** Each unmet condition with the last value its attribute showed. */
    readonly unmet: ReadonlyArray<{ condition: string; lastValue: unknown }>,
    /** Every event the wait recorded, in arrival order. */
    readonly events: ReadonlyArray<RecordedEvent>,
    readonly timeoutMs: number,
  ) {
    super('SKALLOP_WAIT_TIMEOUT', message);
  }
}

/** A `failIf` predicate matched an event, so the wait stopped before its deadline. */
export class EarlyStopError extends ObservatoryError {
  constructor(
    message: string,
    readonly event: RecordedEvent,
  ) {
    super('SKALLOP_EARLY_STOP', message);
  }
}

/** Transit checks need every event in order, which polling cannot promise. */
export class PollingModeError extends ObservatoryError {
  constructor(what: string) {
    super('SKALLOP_POLLING_MODE', `${what} needs event subscriptions (read_via_pubsub = true); polling cannot observe transit order`);
  }
}

/** A transit-order assertion failed; the message carries the relevant event rows. */
export class TransitOrderError extends ObservatoryError {
  constructor(message: string) {
    super('SKALLOP_TRANSIT_ORDER', message);
  }
}

/** One or more teardowns of a stack failed; every teardown still ran. */
export class TeardownError extends AggregateError {
  readonly code = 'SKALLOP_TEARDOWN_FAILED';
  constructor(
    errors: unknown[],
    /** The label of each failed teardown, in execution order (parallel to `errors`). */
    readonly labels: string[],
  ) {
    super(errors, `${errors.length} teardown(s) failed:\n${labels.map((l, i) => `  - ${l}: ${describe(errors[i])}`).join('\n')}`);
    this.name = 'TeardownError';
  }
}

/** A push onto a stack that has already been unwound. */
export class StackClosedError extends ObservatoryError {
  constructor(label: string) {
    super('SKALLOP_STACK_CLOSED', `cannot register '${label}': the stack has already been unwound`);
  }
}

/** A context manager broke its protocol (e.g. an async generator yielded twice). */
export class ContextProtocolError extends ObservatoryError {
  constructor(message: string) {
    super('SKALLOP_CONTEXT_PROTOCOL', message);
  }
}

export interface DeviceStateReport {
  device: string;
  attr: string;
  actual: unknown;
  expected: unknown;
}

/** The SUT is not in a state a fixture can start from, and recovery was off or failed. */
export class SutNotReadyError extends ObservatoryError {
  constructor(
    what: string,
    readonly devices: DeviceStateReport[],
    options?: ErrorOptions,
  ) {
    super(
      'SKALLOP_SUT_NOT_READY',
      `[skallop:readiness] ${what}${devices.length ? ':\n' : ''}${devices
        .map((d) => `  ${d.device} ${d.attr}: actual ${fmt(d.actual)}, expected ${fmt(d.expected)}`)
        .join('\n')}`,
      options,
    );
  }
}

/** `checkConfigurationWhenFinished` found the scan still running at its deadline. */
export class ScanNotCompletedError extends ObservatoryError {
  constructor(readonly subarrayId: number, readonly timeoutMs: number) {
    super('SKALLOP_SCAN_NOT_COMPLETED', `subarray ${subarrayId} was still SCANNING after ${timeoutMs} ms; EndScan was sent`);
  }
}

/** A teardown found the subarray in a state the test should not have left it in. */
export class UnexpectedStateError extends ObservatoryError {
  constructor(
    readonly subarrayId: number,
    readonly actual: unknown,
    readonly expected: unknown,
  ) {
    super('SKALLOP_UNEXPECTED_STATE', `subarray ${subarrayId} was ${fmt(actual)} at teardown, expected ${fmt(expected)}; recovered`);
  }
}

/** A composition or scan configuration type skallop cannot generate. */
export class NotImplementedError extends ObservatoryError {
  constructor(what: string) {
    super('SKALLOP_NOT_IMPLEMENTED', `${what} is not implemented (use STANDARD or { type: 'CUSTOM', json })`);
  }
}

/** The SUT could not be reached or answered with something unusable. */
export class SutUnavailableError extends ObservatoryError {
  constructor(message: string, options?: ErrorOptions) {
    super('SKALLOP_SUT_UNAVAILABLE', message, options);
  }
}

function fmt(v: unknown): string {
  if (Array.isArray(v)) return v.map(fmt).join('|');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err);
}
