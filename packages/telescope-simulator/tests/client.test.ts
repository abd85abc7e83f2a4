import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { CommandNotAllowedError, InvalidArgumentError, SutUnavailableError, UnknownAttributeError, UnknownDeviceError, UnknownFaultError } from '../src/errors.js';
import { createTelescopeClient, type TelescopeClient } from '../src/http/telescope-client.js';
import { startTelescopeSimServer, type RunningTelescopeSim } from '../src/http/start-server.js';
import type { AttrEvent } from '../src/types.js';
import { assignJson, configureJson } from './support/drive.js';

let running: RunningTelescopeSim;
let pubsub: TelescopeClient;
let polling: TelescopeClient;

beforeAll(async () => {
  running = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
  pubsub = await createTelescopeClient({ url: running.url, readViaPubsub: true });
  polling = await createTelescopeClient({ url: running.url, readViaPubsub: false, pollIntervalMs: 10 });
});
afterAll(async () => {
  await pubsub?.close();
  await polling?.close();
  await running?.close();
});
beforeEach(async () => {
  await running.simulator.reset();
});

async function on(): Promise<void> {
  const n = pubsub.names;
  await pubsub.command(n.centralNode, 'TelescopeOn');
  await vi.waitFor(() => expect(running.simulator.snapshot().telescopeState).toBe('ON'));
}

function collector() {
  const events: AttrEvent[] = [];
  return { events, listener: (e: AttrEvent) => void events.push(e), values: () => events.filter((e) => !e.initial).map((e) => e.value) };
}

describe('connecting', () => {
  test('the client learns the telescope and its device names from /health', () => {
    expect(pubsub.telescope).toBe('mid');
    expect(pubsub.names.tmSubarray(2)).toBe('ska_mid/tm_subarray_node/2');
    expect(pubsub.readViaPubsub).toBe(true);
    expect(polling.readViaPubsub).toBe(false);
  });

  test('an unreachable server is SutUnavailableError', async () => {
    const gone = await startTelescopeSimServer({ port: 0 });
    const url = gone.url;
    await gone.close();
    await expect(createTelescopeClient({ url, timeoutMs: 2000 })).rejects.toBeInstanceOf(SutUnavailableError);
  });

  test('a missing URL is SutUnavailableError that says what to pass', async () => {
    await expect(createTelescopeClient({ url: '' })).rejects.toThrow(/no telescope simulator URL given/);
    await expect(createTelescopeClient({ url: '' })).rejects.toBeInstanceOf(SutUnavailableError);
  });

  test('a server that is not a telescope simulator is SutUnavailableError', async () => {
    await expect(createTelescopeClient({ url: `${running.url}/api/v1` })).rejects.toMatchObject({ code: 'TELSIM_SUT_UNAVAILABLE' });
  });
});

describe('the same typed errors as in process', () => {
  test.each([
    ['pubsub', () => pubsub],
    ['polling', () => polling],
  ])('%s: command, read and subscribe errors keep their classes and fields', async (_mode, client) => {
    const c = client();
    const n = c.names;
    const err = await c.command(n.tmSubarray(1), 'Scan').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandNotAllowedError);
    expect(err).toMatchObject({ device: n.tmSubarray(1), command: 'Scan', state: 'EMPTY', code: 'TELSIM_COMMAND_NOT_ALLOWED' });
    await on();
    await expect(c.command(n.tmSubarray(1), 'AssignResources', { dish: { receptor_ids: ['SKA042'] } })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(c.read('no/such/dev', 'state')).rejects.toBeInstanceOf(UnknownDeviceError);
    await expect(c.subscribe(n.centralNode, 'nope', () => undefined)).rejects.toBeInstanceOf(UnknownAttributeError);
    await expect(c.clearFaults('fault-404')).rejects.toBeInstanceOf(UnknownFaultError);
  });
});

describe('reads and subscriptions', () => {
  test.each([
    ['pubsub', () => pubsub],
    ['polling', () => polling],
  ])('%s: the first event is the current value, then the transitions', async (mode, client) => {
    const c = client();
    const n = c.names;
    await on();
    const tm = collector();
    const unsubscribe = await c.subscribe(n.tmSubarray(1), 'obsState', tm.listener);
    expect(tm.events[0]).toMatchObject({ device: n.tmSubarray(1), attr: 'obsState', value: 'EMPTY', initial: true });
    await c.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    await vi.waitFor(() => expect(tm.values().at(-1)).toBe('IDLE'));
    if (mode === 'pubsub') expect(tm.values()).toEqual(['RESOURCING', 'IDLE']);
    expect(await c.read(n.tmSubarray(1), 'obsState')).toMatchObject({ value: 'IDLE', seq: tm.events.at(-1)!.seq });
    await unsubscribe();
    await c.command(n.tmSubarray(1), 'ReleaseAllResources');
    await vi.waitFor(() => expect(running.simulator.obsState(1)).toBe('EMPTY'));
    expect(tm.values().at(-1)).toBe('IDLE'); // nothing after unsubscribing
  });

  test('polling synthesises a change when seq advances, even if the value came back (READY, SCANNING, READY)', async () => {
    const n = polling.names;
    await on();
    const sim = running.simulator;
    await sim.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    await vi.waitFor(() => expect(sim.obsState(1)).toBe('IDLE'));
    await sim.command(n.tmSubarray(1), 'Configure', configureJson(0.001));
    await vi.waitFor(() => expect(sim.obsState(1)).toBe('READY'));
    const slow = await createTelescopeClient({ url: running.url, pollIntervalMs: 300 });
    try {
      const tm = collector();
      await slow.subscribe(n.tmSubarray(1), 'obsState', tm.listener);
      const initialSeq = tm.events[0]!.seq;
      await sim.command(n.tmSubarray(1), 'Scan', { scan_id: 1 }); // a 1 ms scan: over before the next poll
      await vi.waitFor(() => expect(sim.snapshot().subarrays[0]!.obsState).toEqual({ tm: 'READY', csp: 'READY', sdp: 'READY' }));
      await vi.waitFor(() => expect(tm.events.length).toBeGreaterThan(1), { timeout: 2000 });
      expect(tm.events[1]).toMatchObject({ value: 'READY' });
      expect(tm.events[1]!.seq).toBeGreaterThan(initialSeq);
    } finally {
      await slow.close();
    }
  });

  test('dropped events: a pub/sub wait never sees the change, a polling one does', async () => {
    const n = pubsub.names;
    await on();
    await pubsub.injectFault({ kind: 'dropEvents', device: n.cspSubarray(1), attr: 'obsState' });
    const viaEvents = collector();
    const viaPolls = collector();
    await pubsub.subscribe(n.cspSubarray(1), 'obsState', viaEvents.listener);
    await polling.subscribe(n.cspSubarray(1), 'obsState', viaPolls.listener);
    const tm = collector();
    await pubsub.subscribe(n.tmSubarray(1), 'obsState', tm.listener);
    await pubsub.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    await vi.waitFor(() => expect(tm.values().at(-1)).toBe('IDLE'));
    await vi.waitFor(() => expect(viaPolls.values().at(-1)).toBe('IDLE'));
    expect(viaEvents.values()).toEqual([]);
  });

  test('events() yields every change with its SSE id', async () => {
    const n = pubsub.names;
    const controller = new AbortController();
    const seen: Array<AttrEvent & { id: string }> = [];
    const reading = (async () => {
      for await (const e of pubsub.events([`${n.centralNode}:telescopeState`], controller.signal)) {
        seen.push(e);
        if (!e.initial) break;
      }
    })();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await pubsub.command(n.centralNode, 'TelescopeOn');
    await reading;
    controller.abort();
    expect(seen.map((e) => e.value)).toEqual(['STANDBY', 'ON']);
    expect(Number(seen[1]!.id)).toBeGreaterThan(0);
  });
});

describe('control over HTTP', () => {
  test('faults, delays, command log, force reset and reset', async () => {
    const c = polling;
    const n = c.names;
    await on();
    const id = await c.injectFault({ kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    expect(await c.listFaults()).toEqual([{ id, kind: 'stuck', obsState: 'RESOURCING', times: 1, remaining: 1 }]);
    await c.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    await vi.waitFor(() => expect(running.simulator.obsState(1)).toBe('RESOURCING'));
    await c.forceReset(1);
    expect((await c.getState()).subarrays[0]).toMatchObject({ obsState: { tm: 'EMPTY', csp: 'EMPTY', sdp: 'EMPTY' }, assignedResources: [] });
    await c.setDelays({ commands: { AssignResources: 60_000 } });
    await c.command(n.tmSubarray(1), 'AssignResources', assignJson('mid', 1));
    await vi.waitFor(() => expect(running.simulator.obsState(1)).toBe('RESOURCING'));
    const log = await c.getCommandLog();
    expect(log.map((e) => e.command)).toEqual(['TelescopeOn', 'AssignResources', 'AssignResources']);
    await c.injectFault({ kind: 'fault' });
    await c.clearFaults();
    expect(await c.listFaults()).toEqual([]);
    await c.reset();
    expect((await c.getState()).telescopeState).toBe('STANDBY');
    expect(await c.getCommandLog()).toEqual([]);
  });

  test('write() sets adminMode', async () => {
    await pubsub.write(pubsub.names.dish(2), 'adminMode', 'OFFLINE');
    expect((await polling.read(pubsub.names.dish(2), 'adminMode')).value).toBe('OFFLINE');
  });
});

describe('a restarted server', () => {
  test.each([true, false])('readViaPubsub %s: subscriptions resynchronise on the new server', async (readViaPubsub) => {
    let server = await startTelescopeSimServer({ telescope: 'mid', port: 0 });
    const port = server.port;
    const c = await createTelescopeClient({ url: server.url, readViaPubsub, pollIntervalMs: 10 });
    try {
      const seen = collector();
      await c.subscribe(c.names.centralNode, 'telescopeState', seen.listener);
      await c.command(c.names.centralNode, 'TelescopeOn');
      await vi.waitFor(() => expect(seen.values()).toEqual(['ON']));
      await server.close();
      server = await startTelescopeSimServer({ telescope: 'mid', port }); // a fresh simulator: STANDBY, seq from 0
      await vi.waitFor(() => expect(seen.events.filter((e) => !e.error).at(-1)?.value).toBe('STANDBY'), { timeout: 5000 });
      await server.simulator.command(c.names.centralNode, 'TelescopeOn');
      await vi.waitFor(() => expect(seen.events.at(-1)?.value).toBe('ON'), { timeout: 5000 });
    } finally {
      await c.close();
      await server.close();
    }
  });
});

describe('closing', () => {
  test('close() ends subscriptions, is idempotent, and later calls are TELSIM_CLOSED', async () => {
    for (const readViaPubsub of [true, false]) {
      const c = await createTelescopeClient({ url: running.url, readViaPubsub, pollIntervalMs: 5 });
      const seen = collector();
      await c.subscribe(c.names.centralNode, 'telescopeState', seen.listener);
      await c.close();
      await c.close();
      await running.simulator.command(c.names.centralNode, 'TelescopeOn');
      await expect(c.read(c.names.centralNode, 'state')).rejects.toMatchObject({ code: 'TELSIM_CLOSED' });
      await expect(c.subscribe(c.names.centralNode, 'state', () => undefined)).rejects.toMatchObject({ code: 'TELSIM_CLOSED' });
      expect(seen.values()).toEqual([]);
      await running.simulator.reset();
    }
  });
});
