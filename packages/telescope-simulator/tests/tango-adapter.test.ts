import { DatabaseServer, DevFailedError, EventSubscriber, TangoClient, type TangoEvent } from '@observatory/tango';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock, createTelescopeSimulator, type TelescopeSimulator } from '../src/index.js';
import { serveTelescopeOnTango, type TelescopeTangoServer } from '../src/tango.js';

/** The Tango adapter over one in-process simulator (database-less), driven by our Tango client. */
describe('telescope simulator on Tango (nodb)', () => {
  let sim: TelescopeSimulator;
  let tango: TelescopeTangoServer;
  let client: TangoClient;
  let events: EventSubscriber;
  const url = (name: string) => tango.deviceUrl(name);

  beforeAll(async () => {
    sim = createTelescopeSimulator({ telescope: 'mid' });
    tango = await serveTelescopeOnTango({ simulator: sim, port: 0 });
    client = new TangoClient({ timeoutMs: 10_000 });
    events = new EventSubscriber();
  });
  afterAll(async () => {
    await events?.close();
    await client?.close();
    await tango?.close();
    await sim?.close();
  });

  function collect(name: string, attr: string, polling = false) {
    const seen: TangoEvent[] = [];
    const waiters: Array<() => void> = [];
    const sub = events.subscribe(client.device(url(name)), attr, 'change', (e) => {
      seen.push(e);
      for (const w of waiters.splice(0)) w();
    }, { polling, periodMs: 20 });
    const until = async (pred: (seen: TangoEvent[]) => boolean, what: string) => {
      const deadline = Date.now() + 15_000;
      while (!pred(seen)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(seen.map((e) => e.reading?.value ?? e.error?.reason), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    };
    return { seen, sub, until };
  }

  test('SKA attribute types: obsState/healthState/adminMode as DevEnum with SKA labels, telescopeState as DevState', async () => {
    const tm = client.device(url(sim.names.tmSubarray(1)));
    const [obs, health, admin] = await tm.attributeConfig(['obsState', 'healthState', 'adminMode']);
    expect(obs!.enum_labels).toEqual(['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'ABORTING', 'ABORTED', 'RESETTING', 'FAULT', 'RESTARTING']);
    expect(health!.enum_labels).toEqual(['OK', 'DEGRADED', 'FAILED', 'UNKNOWN']);
    expect(admin!.enum_labels).toEqual(['ONLINE', 'OFFLINE', 'ENGINEERING', 'NOT_FITTED', 'RESERVED']);
    expect(admin!.writable).toBe('READ_WRITE');
    expect(admin!.memorized).toBe(true);
    expect((await tm.read('obsState')).value).toBe(0);
    const cn = client.device(url(sim.names.centralNode));
    expect((await cn.read('telescopeState')).value).toBe('STANDBY');
    expect(await cn.state()).toBe('ON');
    expect(await client.device(url(sim.names.cspSubarray(1))).state()).toBe('OFF');
  });

  test('adminMode is writable through Tango and changes the one model', async () => {
    const dish = client.device(url(sim.names.dish(3)));
    await dish.write('adminMode', 1);
    expect(sim.readNow(sim.names.dish(3), 'adminMode').value).toBe('OFFLINE');
    expect((await dish.read('adminMode')).value).toBe(1);
    await sim.write(sim.names.dish(3), 'adminMode', 'ONLINE');
    expect((await dish.read('adminMode')).value).toBe(0);
  });

  test('an illegal command raises DevFailed with a reason and a description saying what to do; nothing changes', async () => {
    const tm = client.device(url(sim.names.tmSubarray(1)));
    const err = await tm.command('End').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevFailedError);
    expect((err as DevFailedError).reason).toBe('TELSIM_COMMAND_NOT_ALLOWED');
    expect((err as DevFailedError).errors[0]!.desc).toMatch(/End is allowed from obsState READY/);
    const bad = await client.device(url(sim.names.centralNode)).command('AssignResources', '{not json').catch((e: unknown) => e);
    expect((bad as DevFailedError).reason).toBe('TELSIM_INVALID_ARGUMENT');
    expect(sim.obsState(1)).toBe('EMPTY');
  });

  for (const polling of [false, true]) {
    test(`a full observation with long-running-command results and obsState change events (${polling ? 'polling' : 'ZMQ events'})`, async () => {
      const names = sim.names;
      const cn = client.device(url(names.centralNode));
      const tm = client.device(url(names.tmSubarray(1)));
      const obs = collect(names.tmSubarray(1), 'obsState', polling);
      const lrc = collect(names.centralNode, 'longRunningCommandResult', polling);
      const tmLrc = collect(names.tmSubarray(1), 'longRunningCommandResult', polling);
      await Promise.all([obs.sub, lrc.sub, tmLrc.sub]);
      expect(obs.seen[0]!.source).toBe('initial');
      expect(obs.seen[0]!.reading!.value).toBe(0);

      const on = (await cn.command('TelescopeOn')) as { lvalue: Int32Array; svalue: string[] };
      expect(Array.from(on.lvalue)).toEqual([2]);
      expect(on.svalue[0]).toMatch(/_TelescopeOn$/);
      const done = (c: ReturnType<typeof collect>, id: string) => c.until((s) => s.some((e) => (e.reading?.value as string[] | undefined)?.[0] === id), `result of ${id}`);
      await done(lrc, on.svalue[0]!);
      const result = lrc.seen.find((e) => (e.reading?.value as string[])[0] === on.svalue[0])!.reading!.value as string[];
      expect(JSON.parse(result[1]!)).toEqual([0, 'TelescopeOn completed']);

      const assign = (await cn.command('AssignResources', JSON.stringify({ subarray_id: 1, dish: { receptor_ids: ['SKA001', 'SKA002'] } }))) as { svalue: string[] };
      await done(lrc, assign.svalue[0]!);
      expect((await tm.read('assignedResources')).value).toEqual(['SKA001', 'SKA002']);
      const configure = (await tm.command('Configure', JSON.stringify({ tmc: { scan_duration: 0.2 } }))) as { svalue: string[] };
      await done(tmLrc, configure.svalue[0]!);
      await tm.command('Scan', JSON.stringify({ scan_id: 1 }));
      await obs.until((s) => s.filter((e) => e.reading?.value === 4).length >= 2, 'READY after the scan');
      await tm.command('End');
      const release = (await tm.command('ReleaseAllResources')) as { svalue: string[] };
      await done(tmLrc, release.svalue[0]!);
      await obs.until((s) => s.at(-1)?.reading?.value === 0, 'EMPTY');
      const labels = ['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING'];
      const sequence = obs.seen.map((e) => labels[e.reading!.value as number]);
      if (!polling) expect(sequence).toEqual(['EMPTY', 'RESOURCING', 'IDLE', 'CONFIGURING', 'READY', 'SCANNING', 'READY', 'IDLE', 'RESOURCING', 'EMPTY']);
      else expect(sequence.at(-1)).toBe('EMPTY');
      const status = (await tm.read('longRunningCommandStatus')).value as string[];
      expect(status.slice(status.indexOf(release.svalue[0]!), status.indexOf(release.svalue[0]!) + 2)).toEqual([release.svalue[0], 'COMPLETED']);
      await cn.command('TelescopeOff');
      for (const c of [obs, lrc, tmLrc]) await (await c.sub).unsubscribe();
      await vi_waitTelescope(sim, 'STANDBY');
    });
  }
});

/** The model's own clock drives Tango: on a ManualClock nothing moves until the test advances it. */
describe('telescope simulator on Tango with a manual clock, delays and faults', () => {
  test('RESOURCING until the clock advances; an injected fault ends the command FAILED', async () => {
    const clock = new ManualClock();
    await using sim = createTelescopeSimulator({ telescope: 'mid', clock, delays: { commands: { AssignResources: 2000 } } });
    await using tango = await serveTelescopeOnTango({ simulator: sim });
    const client = new TangoClient({ timeoutMs: 10_000 });
    try {
      const cn = client.device(tango.deviceUrl(sim.names.centralNode));
      const tm = client.device(tango.deviceUrl(sim.names.tmSubarray(1)));
      await cn.command('TelescopeOn');
      clock.advance(0);
      await cn.command('AssignResources', JSON.stringify({ subarray_id: 1, dish: { receptor_ids: ['SKA001'] } }));
      clock.advance(0);
      expect((await tm.read('obsState')).value).toBe(1);
      clock.advance(1999);
      expect((await tm.read('obsState')).value).toBe(1);
      clock.advance(1);
      expect((await tm.read('obsState')).value).toBe(2);
      sim.faults.inject({ kind: 'fault', command: 'Configure' });
      const c = (await tm.command('Configure', '{}')) as { svalue: string[] };
      clock.runAll();
      expect((await tm.read('obsState')).value).toBe(9);
      const result = (await tm.read('longRunningCommandResult')).value as string[];
      expect(result[0]).toBe(c.svalue[0]);
      expect(JSON.parse(result[1]!)[0]).toBe(3);
    } finally {
      await client.close();
    }
  });
});

async function vi_waitTelescope(sim: TelescopeSimulator, target: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (sim.readNow(sim.names.centralNode, 'telescopeState').value !== target) {
    if (Date.now() > deadline) throw new Error(`telescopeState never reached ${target}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('memorised adminMode (database mode)', () => {
  test('a written adminMode is stored in the database and applied when the devices are served again', { timeout: 60_000 }, async () => {
    await using db = new DatabaseServer({ port: 0 });
    await db.start();
    const client = new TangoClient({ tangoHost: db.tangoHost, timeoutMs: 10_000 });
    try {
      {
        await using sim = createTelescopeSimulator({ telescope: 'mid' });
        await using tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
        void tango;
        await client.device(sim.names.dish(2)).write('adminMode', 2);
        expect(sim.readNow(sim.names.dish(2), 'adminMode').value).toBe('ENGINEERING');
      }
      await using sim = createTelescopeSimulator({ telescope: 'mid' });
      expect(sim.readNow(sim.names.dish(2), 'adminMode').value).toBe('ONLINE');
      await using tango = await serveTelescopeOnTango({ simulator: sim, tangoHost: db.tangoHost });
      void tango;
      expect(sim.readNow(sim.names.dish(2), 'adminMode').value).toBe('ENGINEERING');
    } finally {
      await client.close();
    }
  });
});
