// skallop over Tango follows ska-tango-base long-running commands through their longRunningCommandResult
// events: the simulator served as Tango devices (embedded database), skallop's Tango entry point.
import { DatabaseServer } from '@observatory/tango';
import { createTelescopeSimulator, type TelescopeSimulator } from '@ska/telescope-simulator';
import { serveTelescopeOnTango, type TelescopeTangoServer } from '@ska/telescope-simulator/tango';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LongRunningCommandError, STANDARD_COMPOSITION, STANDARD_CONFIGURATION, tangoEntryPoint, waitBuilder, type TmcEntryPoint } from '../src/index.js';

for (const readViaPubsub of [true, false]) {
  describe(`long-running commands over Tango (${readViaPubsub ? 'events' : 'polling'})`, () => {
    let db: DatabaseServer;
    let sim: TelescopeSimulator;
    let tango: TelescopeTangoServer;
    let ep: TmcEntryPoint;
    const tm = (): string => ep.names.tmSubarray(1);
    const obs = async (): Promise<unknown> => (await ep.read(tm(), 'obsState')).value;

    beforeAll(async () => {
      db = new DatabaseServer({ port: 0 });
      await db.start();
      sim = createTelescopeSimulator({ telescope: 'mid' });
      tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
      ep = await tangoEntryPoint({ telescope: 'mid', tangoHost: db.tangoHost, readViaPubsub, pollIntervalMs: 10, resultTimeoutMs: 10_000 });
    }, 60_000);

    afterAll(async () => {
      await ep?.close();
      await tango?.close();
      await sim?.close();
      await db?.close();
    });

    beforeEach(async () => {
      sim.faults.clear();
      await sim.setDelays({ commands: {} });
      await sim.reset();
    });

    it('a command outside any wait resolves when its result event says OK', async () => {
      await sim.setDelays({ commands: { TelescopeOn: 300, AssignResources: 300 } });
      await ep.setTelescopeToRunning();
      expect((await ep.read(ep.names.centralNode, 'telescopeState')).value).toBe('ON');
      await ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-lrc-20260101-00001');
      expect(await obs()).toBe('IDLE'); // the AssignResources result came after TM reached IDLE
    });

    it('a command whose result reports FAILED rejects with LongRunningCommandError', async () => {
      await ep.setTelescopeToRunning();
      sim.faults.inject({ kind: 'fault', command: 'AssignResources', times: 1 });
      const err = await ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-lrc-20260101-00002').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LongRunningCommandError);
      expect(err).toMatchObject({ code: 'SKALLOP_LRC_FAILED', resultName: 'FAILED', command: 'AssignResources', device: ep.names.centralNode });
      expect(await obs()).toBe('FAULT');
    });

    it('inside a wait, a failed result stops the wait at once with its typed error', async () => {
      await ep.setTelescopeToRunning();
      await ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-lrc-20260101-00003');
      sim.faults.inject({ kind: 'fault', command: 'Configure', times: 1 });
      const w = waitBuilder(ep).on(tm()).attr('obsState').toBe('READY');
      const err = await w.around(() => ep.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, 'sbi-lrc-20260101-00003', 1), { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SKALLOP_LRC_FAILED', resultName: 'FAILED', command: 'Configure' });
    });

    it('inside a wait for the failure state itself, the wait succeeds', async () => {
      await ep.setTelescopeToRunning();
      sim.faults.inject({ kind: 'fault', command: 'AssignResources', times: 1 });
      const w = waitBuilder(ep).on(tm()).attr('obsState').toBe('FAULT');
      const result = await w.around(() => ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-lrc-20260101-00004'), { timeoutMs: 20_000 });
      expect(result.events.some((e) => e.value === 'FAULT')).toBe(true);
    });

    it('inside a wait for a transient, the command returns once accepted (no wait for the result)', async () => {
      await ep.setTelescopeToRunning();
      await ep.composeSubarray(1, [1, 2], STANDARD_COMPOSITION, 'sbi-lrc-20260101-00005');
      sim.faults.inject({ kind: 'stuck', obsState: 'CONFIGURING', times: 1 });
      await waitBuilder(ep)
        .on(tm())
        .attr('obsState')
        .toBe('CONFIGURING')
        .around(() => ep.configureSubarray(1, [1, 2], STANDARD_CONFIGURATION, 'sbi-lrc-20260101-00005', 1), { timeoutMs: 20_000 });
      expect(await obs()).toBe('CONFIGURING');
    });
  });
}
