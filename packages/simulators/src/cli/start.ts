import { hasErrorCode, type Logger } from '@observatory/core';
import type { SimulatorModule } from '../framework/index.js';
import { startSimulator, type RunningSimulator } from '../framework/index.js';
import { findRunning } from './running.js';
import { StateFileWriter } from './state-files.js';

export interface StartOptions {
  modules: readonly SimulatorModule[];
  type?: string;
  host: string;
  portOffset: number;
  stateDir: string;
  logger: Logger;
  /** One line of user output. */
  print: (line: string) => void;
}

/** The simulators one `start` brought up, and how to wait for / stop them. */
export interface StartedSet {
  simulators: RunningSimulator[];
  /** Resolves once every simulator has stopped (by `stop()` or `$system_stop%%%%%` from elsewhere). */
  finished: Promise<void>;
  /** Stops everything this process started. */
  stop(): Promise<void>;
}

/**
 * Starts the given modules in this process (skipping those already running), prints the reference's
 * messages, and keeps a state file (pid + running simulators) until the last one stops.
 */
export async function startSet(options: StartOptions): Promise<StartedSet> {
  const { print } = options;
  const running = await findRunning({ modules: options.modules, host: options.host, portOffset: options.portOffset, stateDir: options.stateDir });
  // Bind everything at once (start-up time), then report in module order.
  const attempts = await Promise.allSettled(
    options.modules.map((module) =>
      running.has(module.name)
        ? Promise.resolve(undefined)
        : startSimulator(module, { host: options.host, portOffset: options.portOffset, type: options.type, logger: options.logger }),
    ),
  );
  const simulators: RunningSimulator[] = [];
  const lines: string[] = [];
  let failure: Error | undefined;
  options.modules.forEach((module, i) => {
    const name = options.type ?? module.name;
    const attempt = attempts[i]!;
    if (attempt.status === 'fulfilled') {
      if (attempt.value) {
        simulators.push(attempt.value);
        lines.push(`Simulator '${name}' up and running.`);
      } else lines.push(`Simulator '${name}' already running.`);
    } else if (hasErrorCode(attempt.reason, 'CORE_ADDRESS_IN_USE')) {
      options.logger.debug({ err: attempt.reason }, 'port busy');
      lines.push(`Simulator '${name}' already running.`);
    } else failure ??= attempt.reason instanceof Error ? attempt.reason : new Error(String(attempt.reason));
  });
  if (failure !== undefined) {
    await Promise.all(simulators.map((s) => s.close()));
    throw failure;
  }
  const state = new StateFileWriter(options.stateDir, {
    pid: process.pid,
    host: options.host,
    portOffset: options.portOffset,
    simulators: [],
  });
  const live = new Set(simulators);
  const entries = () => [...live].map((s) => ({ module: s.module.name, name: s.name }));
  // Record the state before telling anyone the simulators are up.
  if (live.size > 0) state.write(entries());
  for (const line of lines) print(line);
  const finished = Promise.all(
    simulators.map((s) =>
      s.closed.then(() => {
        live.delete(s);
        print(`Simulator '${s.name}' stopped.`);
        if (live.size > 0) state.write(entries());
        else state.remove();
      }),
    ),
  ).then(() => undefined);
  return {
    simulators,
    finished,
    async stop() {
      await Promise.all(simulators.map((s) => s.close()));
      await finished;
    },
  };
}
