import type { SimulatorModule } from '../framework/index.js';
import { probeModule } from './probe.js';
import { readStates } from './state-files.js';

export interface RunningQuery {
  modules: readonly SimulatorModule[];
  host: string;
  portOffset: number;
  stateDir: string;
}

/**
 * Which modules run, by module name -> reported name: from the state files of live processes with
 * this port offset, then by probing the first TCP port of every other module (simulators started by
 * other tools, e.g. the Python reference).
 */
export async function findRunning(query: RunningQuery): Promise<Map<string, string>> {
  const running = new Map<string, string>();
  for (const state of readStates(query.stateDir, query.portOffset)) {
    for (const entry of state.simulators) running.set(entry.module, entry.name);
  }
  const unknown = query.modules.filter((m) => !running.has(m.name));
  const probed = await Promise.all(unknown.map((m) => probeModule(m, query.host, query.portOffset)));
  unknown.forEach((m, i) => {
    if (probed[i]) running.set(m.name, m.name);
  });
  return running;
}

/** `'a', 'b'` in code-point order. */
export function quoteList(names: Iterable<string>): string {
  return [...names]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => `'${n}'`)
    .join(', ');
}
