import { startSimulator, type RunningSimulator, type SimulatorModule, type StartSimulatorOptions } from '../src/framework/index.js';

/** Starts only the given rows of a module on ephemeral ports (a fresh System each). */
export function startRows(module: SimulatorModule, rows: number[], options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const servers = rows.map((i) => {
    const row = module.servers[i];
    if (!row) throw new RangeError(`row ${i} does not exist`);
    return row;
  });
  return startSimulator({ ...module, servers }, { ephemeralPorts: true, ...options });
}

export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
