import { hasErrorCode, type Logger } from '@observatory/core';
import type { SimulatorModule } from '../framework/index.js';
import { startSimulator, type RunningSimulator } from '../framework/index.js';
import { describeOwner, endpointsOf, identify, type Endpoint } from './probe.js';
import { findRunning } from './running.js';
import { ensureStateDir, StateFileWriter } from './state-files.js';

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
  // Refuse an unsafe state directory before binding anything.
  ensureStateDir(options.stateDir);
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
  let failure: Error | undefined;
  // A busy port is asked who holds it: only our own simulator of that module counts as "already running".
  const lines = await Promise.all(
    options.modules.map(async (module, i): Promise<string> => {
      const name = options.type ?? module.name;
      const attempt = attempts[i]!;
      if (attempt.status === 'fulfilled') {
        if (!attempt.value) return `Simulator '${name}' already running.`;
        simulators.push(attempt.value);
        return `Simulator '${name}' up and running.`;
      }
      if (hasErrorCode(attempt.reason, 'CORE_ADDRESS_IN_USE')) {
        const port = (attempt.reason as { port?: number }).port ?? 0;
        const endpoint = endpointOf(module, options.portOffset, port);
        const owner = endpoint ? await identify(options.host, endpoint) : ({ kind: 'foreign' } as const);
        options.logger.debug({ err: attempt.reason, port, owner }, 'port busy');
        if (owner.kind === 'simulator' && owner.module === module.name) return `Simulator '${name}' already running.`;
        return `Simulator '${name}' not started: port ${port} is in use by ${describeOwner(owner)}.`;
      }
      failure ??= attempt.reason instanceof Error ? attempt.reason : new Error(String(attempt.reason));
      return '';
    }),
  );
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
  for (const line of lines) if (line) print(line);
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

/** The listen or send endpoint of `module` on `port` (offset applied); HTTP ports are probed as TCP. */
function endpointOf(module: SimulatorModule, portOffset: number, port: number): Endpoint | undefined {
  const found = endpointsOf(module, portOffset).find((e) => e.port === port);
  if (found) return found;
  return module.servers.some((row) => row.http !== undefined && row.http + portOffset === port) ? { port, transport: 'tcp' } : undefined;
}
