// Benchmark server process for flood-fairness.ts: the ACU, minor_servos and calmux simulators in one process,
// as `discos-simulator start` runs them. Prints the ports as JSON on one line.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimulator } from '../src/framework/index.js';
import { acu } from '../src/systems/acu/index.js';
import { minorServos } from '../src/systems/minor_servos/index.js';
import { calmux } from '../src/systems/modules.js';

const acuSim = await startSimulator(acu, { ephemeralPorts: true });
const servos = await startSimulator(minorServos, { ephemeralPorts: true });
const mux = await startSimulator(calmux, { ephemeralPorts: true });
process.stdout.write(
  `${JSON.stringify({ acuStatus: acuSim.row.ports.send, minorServos: servos.rows[0]!.ports.listen, calmux: mux.row.ports.listen })}\n`,
);
process.on('SIGTERM', () => {
  void Promise.all([acuSim.close(), servos.close(), mux.close()]).then(() => process.exit(0));
});

// Event-loop delay of this process, asked for over IPC at the end of each phase (then reset).
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
process.on('message', () => {
  process.send?.({ p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 });
  delay.reset();
});
