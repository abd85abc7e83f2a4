import { SynchronousTelescopeSimulator } from './synchronous-simulator.js';
import type {
  ActiveFault,
  AttrEventListener,
  AttrReading,
  CommandLogEntry,
  CommandResult,
  Delays,
  FaultSpec,
  SimulatorState,
  Skews,
  TelescopeAccess,
  TelescopeSimulatorOptions,
  Unsubscribe,
} from './types.js';

/** Creates an in-process simulated telescope. See {@link TelescopeSimulator}. */
export function createTelescopeSimulator(options: TelescopeSimulatorOptions = {}): TelescopeSimulator {
  return new TelescopeSimulator(options);
}

/**
 * A simulated SKA telescope: the TMC central node, TM/CSP/SDP subarrays running the obsState machine,
 * mid dishes or the low MCCS controller. Every transition runs on the injected clock.
 *
 * This class is the asynchronous {@link TelescopeAccess} face (the same interface as the HTTP client) of the
 * synchronous in-process API it inherits (`sendCommand`, `readNow`, `subscribeNow`, `resetNow`, ...).
 */
export class TelescopeSimulator extends SynchronousTelescopeSimulator implements TelescopeAccess {
  command(device: string, command: string, argin?: unknown): Promise<CommandResult> {
    return attempt(() => this.sendCommand(device, command, argin));
  }

  read(device: string, attr: string): Promise<AttrReading> {
    return attempt(() => this.readNow(device, attr));
  }

  write(device: string, attr: string, value: unknown): Promise<void> {
    return attempt(() => this.writeNow(device, attr, value));
  }

  subscribe(device: string, attr: string, listener: AttrEventListener): Promise<Unsubscribe> {
    return attempt(() => {
      const unsubscribe = this.subscribeNow(device, attr, listener);
      return () => {
        unsubscribe();
        return Promise.resolve();
      };
    });
  }

  getState(): Promise<SimulatorState> {
    return attempt(() => this.snapshot());
  }

  getCommandLog(): Promise<CommandLogEntry[]> {
    return Promise.resolve(this.commandLog);
  }

  reset(): Promise<void> {
    return attempt(() => this.resetNow());
  }

  injectFault(spec: FaultSpec): Promise<string> {
    return attempt(() => this.faults.inject(spec));
  }

  clearFaults(id?: string): Promise<void> {
    return attempt(() => this.faults.clear(id));
  }

  listFaults(): Promise<ActiveFault[]> {
    return Promise.resolve(this.faults.list());
  }

  setDelays(delays: Delays & { skews?: Skews }): Promise<void> {
    return attempt(() => this.setDelaysNow(delays));
  }

  forceReset(subarrayId: number): Promise<void> {
    return attempt(() => this.forceResetNow(subarrayId));
  }

  /** Cancels every pending transition and drops every subscription. Idempotent. */
  close(): Promise<void> {
    this.closeNow();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Runs a synchronous call as a promise: its throw becomes a rejection (as over HTTP). */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
