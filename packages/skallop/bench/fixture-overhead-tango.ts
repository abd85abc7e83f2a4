// Fixture overhead per layer over Tango (embedded database, the zero-delay simulator served as Tango devices,
// skallop's Tango entry point with ZMQ events, then polling), next to the same layers in process and over the
// HTTP+SSE adapter (the ratio baseline), measured in the same run. Target: a layer's overhead over Tango (p50)
// under 10 ms.
// Run: node --conditions=@observatory/source --import tsx bench/fixture-overhead-tango.ts
import { DatabaseServer } from '@observatory/tango';
import { createTelescopeSimulator, startTelescopeSimServer } from '@ska/telescope-simulator';
import { serveTelescopeOnTango } from '@ska/telescope-simulator/tango';
import { httpEntryPoint, simulatorEntryPoint, tangoEntryPoint } from '../src/index.js';
import { RUNS, measureLayers, printLayers } from './fixture-bench-helper.js';

const local = createTelescopeSimulator({ telescope: 'mid' });
const inProcess = await measureLayers(await simulatorEntryPoint(local));
await local.close();

const served = await startTelescopeSimServer({ telescope: 'mid', port: 0, readViaPubsub: true });
const httpEp = await httpEntryPoint({ url: served.url, readViaPubsub: true });
const overHttp = await measureLayers(httpEp);
await httpEp.close?.();
await served.close();

const db = new DatabaseServer({ port: 0 });
await db.start();
const sim = createTelescopeSimulator({ telescope: 'mid' });
const tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
try {
  printLayers(`skallop fixture layers in process, ${RUNS} runs each (ms)`, inProcess);
  console.log('');
  printLayers(`over HTTP+SSE (the ratio baseline), ${RUNS} runs each (ms); overhead = HTTP p50 - in-process p50`, overHttp, inProcess);
  for (const readViaPubsub of [true, false]) {
    await sim.reset();
    const ep = await tangoEntryPoint({ telescope: 'mid', tangoHost: db.tangoHost, readViaPubsub, pollIntervalMs: 10 });
    try {
      const results = await measureLayers(ep);
      console.log('');
      printLayers(`over Tango (${readViaPubsub ? 'ZMQ events' : 'polling every 10 ms'}), ${RUNS} runs each (ms); overhead = Tango p50 - in-process p50`, results, inProcess);
      console.log('Tango p50 / HTTP+SSE p50 per layer:');
      for (const [i, r] of results.entries()) console.log(`  ${r.name.padEnd(48)} x${(r.p50 / Math.max(overHttp[i]!.p50, 0.01)).toFixed(2)}`);
    } finally {
      await ep.close();
    }
  }
} finally {
  await tango.close();
  await sim.close();
  await db.close();
}
