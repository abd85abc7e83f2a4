// The console's Telescope view from Tango: the OET server watches the TMC devices of our TypeScript telescope
// simulator served on Tango (embedded database) and serves them through the same routes as the HTTP relay.
import { DatabaseServer } from '@observatory/tango';
import { createTelescopeSimulator, type TelescopeSimulator } from '@ska/telescope-simulator';
import { serveTelescopeOnTango, type TelescopeTangoServer } from '@ska/telescope-simulator/tango';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConsoleConfig } from '../src/config/console-config.js';
import { call, startTestServer, type TestServer } from './helpers.js';
import { SseReader, type SseFrame } from './sse-reader.js';

const obsStates = (frames: SseFrame[], device: string): unknown[] => frames.filter((f) => f.data.device === device && f.data.attr === 'obsState' && !f.data.initial).map((f) => f.data.value);

for (const readViaPubsub of [true, false]) {
  describe(`the Telescope view from Tango (${readViaPubsub ? 'change events' : 'polling'})`, () => {
    let db: DatabaseServer;
    let sim: TelescopeSimulator;
    let tango: TelescopeTangoServer;
    let t: TestServer;

    beforeAll(async () => {
      db = new DatabaseServer({ port: 0 });
      await db.start();
      sim = createTelescopeSimulator({ telescope: 'mid' });
      tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
      t = await startTestServer({ telescopeTango: { tangoHost: db.tangoHost }, flags: { read_via_pubsub: readViaPubsub } });
    }, 60_000);

    afterAll(async () => {
      await t?.close();
      await tango?.close();
      await sim?.close();
      await db?.close();
    });

    it('answers the snapshot: central node state and each subarray node found in the database', async () => {
      const res = await call<{ url: string; state: { source: string; telescope: string; telescopeState: string; subarrays: Array<{ id: number; device: string; obsState: { tm: string } }> } }>(`${t.url}/telescope`);
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(`tango://${db.tangoHost}`);
      expect(res.body.state).toMatchObject({ source: 'tango', telescope: 'mid', telescopeState: 'STANDBY' });
      expect(res.body.state.subarrays).toEqual([
        { id: 1, device: 'ska_mid/tm_subarray_node/1', obsState: { tm: 'EMPTY' } },
        { id: 2, device: 'ska_mid/tm_subarray_node/2', obsState: { tm: 'EMPTY' } },
      ]);
    });

    it('streams the current values, then each change, and resumes with Last-Event-ID', async () => {
      const stream = await SseReader.open(`${t.url}/telescope/stream`);
      expect(stream.status).toBe(200);
      try {
        await stream.waitFor((r) => r.frames.some((x) => x.data.initial === true && x.data.device === 'ska_mid/tm_central/central_node'), 15_000);
        expect(stream.frames.filter((f) => f.data.initial).map((f) => `${String(f.data.device)} ${String(f.data.attr)} ${String(f.data.value)}`).sort()).toEqual([
          'ska_mid/tm_central/central_node telescopeState STANDBY',
          'ska_mid/tm_subarray_node/1 obsState EMPTY',
          'ska_mid/tm_subarray_node/2 obsState EMPTY',
        ]);
        await sim.command(sim.names.centralNode, 'TelescopeOn');
        await stream.waitFor((r) => r.frames.some((x) => x.data.attr === 'telescopeState' && x.data.value === 'ON'), 15_000);
        await sim.command(sim.names.tmSubarray(1), 'AssignResources', { dish: { receptor_ids: ['SKA001'] } });
        await stream.waitFor((r) => obsStates(r.frames, 'ska_mid/tm_subarray_node/1').includes('IDLE'), 15_000);
        if (readViaPubsub) expect(obsStates(stream.frames, 'ska_mid/tm_subarray_node/1')).toEqual(['RESOURCING', 'IDLE']);
        const snapshot = await call<{ state: { telescopeState: string; subarrays: Array<{ obsState: { tm: string } }> } }>(`${t.url}/telescope`);
        expect(snapshot.body.state.telescopeState).toBe('ON');
        expect(snapshot.body.state.subarrays[0]!.obsState.tm).toBe('IDLE');

        // A browser that reconnects gets exactly what it missed.
        const lastSeen = stream.frames.filter((f) => f.id !== undefined).at(-1)!.id!;
        await stream.close();
        await sim.command(sim.names.tmSubarray(1), 'ReleaseAllResources');
        await new Promise<void>((resolve) => {
          const stop = sim.subscribeNow(sim.names.tmSubarray(1), 'obsState', (e) => {
            if (e.value !== 'EMPTY') return;
            queueMicrotask(() => stop());
            resolve();
          });
        });
        const resumed = await SseReader.open(`${t.url}/telescope/stream`, { 'last-event-id': String(lastSeen) });
        expect(resumed.status).toBe(200);
        try {
          await resumed.waitFor((r) => obsStates(r.frames, 'ska_mid/tm_subarray_node/1').includes('EMPTY'), 15_000);
          expect(resumed.frames.every((f) => !f.data.initial && f.id !== undefined && f.id > lastSeen)).toBe(true);
        } finally {
          await resumed.close();
        }
      } finally {
        await stream.close();
      }
    });
  });
}

describe('Tango telescope configuration', () => {
  it('takes --tango-host and the TMC device names, from flags or the environment', () => {
    expect(resolveConsoleConfig({ tangoHost: '127.0.0.1:10000' }, {}).telescopeTango).toEqual({ tangoHost: '127.0.0.1:10000' });
    expect(
      resolveConsoleConfig({}, { OET_TANGO_HOST: 'db:10000', OET_TANGO_CENTRAL_NODE: 'ska_low/tm_central/central_node', OET_TANGO_SUBARRAY_NODES: 'ska_low/tm_subarray_node/1, ska_low/tm_subarray_node/2' }).telescopeTango,
    ).toEqual({ tangoHost: 'db:10000', centralNode: 'ska_low/tm_central/central_node', subarrayNodes: ['ska_low/tm_subarray_node/1', 'ska_low/tm_subarray_node/2'] });
  });

  it('refuses a bad host, a bad device name, or device names without a host', () => {
    expect(() => resolveConsoleConfig({ tangoHost: 'nohost' }, {})).toThrow(expect.objectContaining({ code: 'CORE_CONFIG_INVALID' }));
    expect(() => resolveConsoleConfig({ tangoHost: 'h:1', tangoCentralNode: 'central' }, {})).toThrow(expect.objectContaining({ code: 'CORE_CONFIG_INVALID' }));
    expect(() => resolveConsoleConfig({ tangoSubarrayNode: ['a/b/c'] }, {})).toThrow(expect.objectContaining({ code: 'CORE_CONFIG_INVALID' }));
  });

  it('answers 502 while the Tango database does not answer, and closes cleanly', async () => {
    const t = await startTestServer({ telescopeTango: { tangoHost: '127.0.0.1:9' } });
    try {
      const res = await call<{ detail: string }>(`${t.url}/telescope`);
      expect(res.status).toBe(502);
      expect(res.body.detail).toMatch(/did not answer/);
    } finally {
      await t.close();
    }
  });
});
