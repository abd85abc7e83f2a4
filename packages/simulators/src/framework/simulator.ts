import { componentLogger, type Logger } from '@observatory/core';
import { createClock, type Clock } from '@observatory/core';
import { SimulatorConfigError } from './device-error.js';
import { RowRuntime } from './row-runtime.js';
import type { SimulatorModule } from './types.js';

// Device timers are unref'd: a forgotten device timer never keeps a process alive.
const deviceClock: Clock = createClock({ unref: true });

export interface StartSimulatorOptions {
  /** Bind address (default `127.0.0.1`). */
  host?: string;
  /** Added to every port of every row (default 0). */
  portOffset?: number;
  /** Bind every endpoint on port 0 and read the ports from `rows[i].ports` (tests). */
  ephemeralPorts?: boolean;
  /** MultiTypeSystem type for every row (the CLI's `-t`). */
  type?: string;
  /** Extra System options for every row. */
  options?: Readonly<Record<string, unknown>>;
  clock?: Clock;
  logger?: Logger;
  /**
   * TCP listen backlog (default 2048; the kernel caps it at `net.core.somaxconn`). Node's default of 511
   * makes a burst of 1000 simultaneous connects wait for SYN retransmissions (1 s and more).
   */
  backlog?: number;
}

/** Listen backlog of every TCP server (see {@link StartSimulatorOptions.backlog}). */
export const DEFAULT_BACKLOG = 2048;

/** All rows of one module, running in this process. */
export class RunningSimulator {
  /** The module name, or the type when one was chosen (as the CLI reports it). */
  readonly name: string;
  /** Resolves once every row has stopped. */
  readonly closed: Promise<void>;

  constructor(
    readonly module: SimulatorModule,
    readonly rows: readonly RowRuntime[],
    type: string | undefined,
  ) {
    this.name = type ?? module.name;
    this.closed = Promise.all(rows.map((r) => r.closed)).then(() => undefined);
  }

  /** The first row (most modules have one). */
  get row(): RowRuntime {
    const first = this.rows[0];
    if (!first) throw new Error(`simulator ${this.name} has no rows`);
    return first;
  }

  /** Stops every row. Idempotent. */
  async close(): Promise<void> {
    await Promise.all(this.rows.map((r) => r.close()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Checks a `-t` choice against a module before anything is bound. */
export function validateType(module: SimulatorModule, type: string | undefined): void {
  if (type === undefined) return;
  if (!module.types) {
    throw new SimulatorConfigError(
      `System '${module.name}' has no configurations other than the default one. Omit the '--type' argument to start the simulator properly.`,
    );
  }
  if (!module.types.includes(type)) {
    throw new SimulatorConfigError(
      `Configuration '${type}' for system '${module.name}' not found.\nAvailable configurations for desired simulator:\n'${[...module.types].sort().join("', '")}'.`,
    );
  }
}

/**
 * Starts every row of a module: one System per row, its servers bound. When any endpoint cannot be
 * bound, the rows already started are closed and the error (`AddressInUseError` for a busy port) is thrown.
 */
export async function startSimulator(module: SimulatorModule, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  validateType(module, options.type);
  const logger = componentLogger(options.logger, 'simulator').child({ simulator: options.type ?? module.name });
  const rowOptions = {
    host: options.host ?? '127.0.0.1',
    portOffset: options.portOffset ?? 0,
    ephemeralPorts: options.ephemeralPorts ?? false,
    clock: options.clock ?? deviceClock,
    logger,
    backlog: options.backlog ?? DEFAULT_BACKLOG,
    overrides: { ...options.options, ...(options.type !== undefined ? { type: options.type } : {}) },
  };
  const rows: RowRuntime[] = [];
  try {
    for (const [index, row] of module.servers.entries()) rows.push(new RowRuntime(module, row, index, rowOptions));
    await Promise.all(rows.map((r) => r.start()));
  } catch (err) {
    await Promise.allSettled(rows.map((r) => r.close()));
    throw err;
  }
  return new RunningSimulator(module, rows, options.type);
}
