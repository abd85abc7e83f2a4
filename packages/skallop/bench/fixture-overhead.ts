// Fixture overhead per layer against a zero-delay in-process simulator (setup plus teardown, 50 runs each).
// Run: node --conditions=@observatory/source --import tsx bench/fixture-overhead.ts
import { createTelescopeSimulator } from '@ska/telescope-simulator';
import { simulatorEntryPoint } from '../src/index.js';
import { RUNS, measureLayers, printLayers } from './fixture-bench-helper.js';

const sim = createTelescopeSimulator({ telescope: 'mid' });
const ep = await simulatorEntryPoint(sim);
printLayers(`skallop fixture overhead, zero-delay in-process simulator, ${RUNS} runs each (ms)`, await measureLayers(ep));
await sim.close();
