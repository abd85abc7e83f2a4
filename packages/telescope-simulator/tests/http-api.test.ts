import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createSimServer, type SimServer } from '../src/http/sim-server.js';
import { ManualClock } from '@observatory/core';
import { createTelescopeSimulator, type TelescopeSimulator } from '../src/simulator.js';
import { assignJson } from './support/drive.js';

let sim: TelescopeSimulator;
let server: SimServer;
let clock: ManualClock;

// One server for the file (schema compilation is the slow part); each test starts from a reset simulator.
beforeAll(() => {
  clock = new ManualClock();
  sim = createTelescopeSimulator({ telescope: 'mid', clock });
  server = createSimServer({ simulator: sim });
});
beforeEach(() => {
  sim.resetNow();
});
afterAll(async () => {
  await server?.close();
  await sim?.close();
});

const n = () => sim.names;
const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  server.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

describe('read state', () => {
  test('GET /health names the telescope and the advertised read mode', async () => {
    const r = await inject('GET', '/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', telescope: 'mid', readViaPubsub: false, seq: 0 });
  });

  test('GET /api/v1/state returns the full state', async () => {
    const r = await inject('GET', '/api/v1/state');
    expect(r.statusCode).toBe(200);
    const body = r.json<{ telescopeState: string; subarrays: unknown[]; devices: Record<string, Record<string, unknown>>; seq: number }>();
    expect(body.telescopeState).toBe('STANDBY');
    expect(body.subarrays).toEqual([
      { id: 1, obsState: { tm: 'EMPTY', csp: 'EMPTY', sdp: 'EMPTY' }, assignedResources: [], scanDurationS: null },
      { id: 2, obsState: { tm: 'EMPTY', csp: 'EMPTY', sdp: 'EMPTY' }, assignedResources: [], scanDurationS: null },
    ]);
    expect(body.devices[n().dish(3)]).toEqual({ state: 'STANDBY', healthState: 'OK', adminMode: 'ONLINE' });
    expect(body.seq).toBe(0);
  });

  test('GET /api/v1/attributes reads one attribute; unknown ones are 404 with the error shape', async () => {
    const ok = await inject('GET', `/api/v1/attributes?device=${encodeURIComponent(n().centralNode)}&attr=telescopeState`);
    expect(ok.json()).toEqual({ device: n().centralNode, attr: 'telescopeState', value: 'STANDBY', seq: 0, time: clock.now() });
    const noDevice = await inject('GET', '/api/v1/attributes?device=a/b/c&attr=state');
    expect(noDevice.statusCode).toBe(404);
    expect(noDevice.json()).toEqual({ detail: 'unknown device a/b/c', code: 'TELSIM_UNKNOWN_DEVICE', device: 'a/b/c' });
    const noAttr = await inject('GET', `/api/v1/attributes?device=${encodeURIComponent(n().centralNode)}&attr=obsState`);
    expect(noAttr.statusCode).toBe(404);
    expect(noAttr.json()).toMatchObject({ code: 'TELSIM_UNKNOWN_ATTRIBUTE', attr: 'obsState' });
    const missing = await inject('GET', '/api/v1/attributes?device=a/b/c');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'TELSIM_BAD_REQUEST' });
  });

  test('PUT /api/v1/attributes writes adminMode (204); anything else is 422', async () => {
    const ok = await inject('PUT', '/api/v1/attributes', { device: n().dish(1), attr: 'adminMode', value: 'OFFLINE' });
    expect(ok.statusCode).toBe(204);
    expect(sim.readNow(n().dish(1), 'adminMode').value).toBe('OFFLINE');
    const notWritable = await inject('PUT', '/api/v1/attributes', { device: n().dish(1), attr: 'state', value: 'ON' });
    expect(notWritable.statusCode).toBe(422);
    expect(notWritable.json()).toMatchObject({ code: 'TELSIM_ATTRIBUTE_NOT_WRITABLE' });
    const badValue = await inject('PUT', '/api/v1/attributes', { device: n().dish(1), attr: 'adminMode', value: 3 });
    expect(badValue.statusCode).toBe(422);
    expect(badValue.json()).toMatchObject({ code: 'TELSIM_INVALID_ARGUMENT' });
  });
});

describe('commands', () => {
  test('POST /api/v1/commands accepts a command: 200 { commandId, accepted }', async () => {
    const r = await inject('POST', '/api/v1/commands', { device: n().centralNode, command: 'TelescopeOn' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ commandId: expect.stringMatching(/^cmd-\d+$/) as string, accepted: true });
    clock.advance(0);
    expect(sim.snapshot().telescopeState).toBe('ON');
  });

  test('a command not allowed is 409 with device, command and state', async () => {
    const r = await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1), command: 'End' });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toEqual({
      detail: `End is not allowed on ${n().tmSubarray(1)} in state EMPTY`,
      code: 'TELSIM_COMMAND_NOT_ALLOWED',
      device: n().tmSubarray(1),
      command: 'End',
      state: 'EMPTY',
    });
  });

  test('bad JSON or a resource in use is 422; unknown device or command 404; a malformed body 400', async () => {
    await inject('POST', '/api/v1/commands', { device: n().centralNode, command: 'TelescopeOn' });
    clock.advance(0);
    const bad = await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1), command: 'AssignResources', argin: '{not json' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'TELSIM_INVALID_ARGUMENT' });
    expect((await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1), command: 'AssignResources', argin: assignJson('mid', 1) })).statusCode).toBe(200);
    const inUse = await inject('POST', '/api/v1/commands', { device: n().tmSubarray(2), command: 'AssignResources', argin: assignJson('mid', 2) });
    expect(inUse.statusCode).toBe(422);
    expect((await inject('POST', '/api/v1/commands', { device: 'x/y/z', command: 'On' })).json()).toMatchObject({ code: 'TELSIM_UNKNOWN_DEVICE' });
    const unknown = await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1), command: 'Explode' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'TELSIM_UNKNOWN_COMMAND', command: 'Explode' });
    const malformed = await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'TELSIM_BAD_REQUEST' });
  });

  test('unknown routes are 404 with the error shape', async () => {
    const r = await inject('GET', '/api/v2/nothing');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ detail: 'no route GET /api/v2/nothing', code: 'TELSIM_NOT_FOUND' });
  });
});

describe('control endpoints', () => {
  test('faults: inject ({ id }), list, clear one (404 when unknown), clear all', async () => {
    const r = await inject('POST', '/api/v1/control/faults', { kind: 'stuck', obsState: 'RESOURCING', times: 1 });
    expect(r.statusCode).toBe(200);
    const { id } = r.json<{ id: string }>();
    expect((await inject('GET', '/api/v1/control/faults')).json()).toEqual({ faults: [{ id, kind: 'stuck', obsState: 'RESOURCING', times: 1, remaining: 1 }] });
    expect((await inject('POST', '/api/v1/control/faults', { kind: 'teleport' })).statusCode).toBe(400);
    expect((await inject('DELETE', '/api/v1/control/faults/fault-99')).json()).toMatchObject({ code: 'TELSIM_UNKNOWN_FAULT', id: 'fault-99' });
    expect((await inject('DELETE', `/api/v1/control/faults/${id}`)).statusCode).toBe(204);
    await inject('POST', '/api/v1/control/faults', { kind: 'fault' });
    expect((await inject('DELETE', '/api/v1/control/faults')).statusCode).toBe(204);
    expect(sim.faults.list()).toEqual([]);
  });

  test('delays: PUT merges, GET shows them; negative values are 400', async () => {
    expect((await inject('PUT', '/api/v1/control/delays', { commands: { Configure: 250 }, eventLatencyMs: 5, skews: { sdp: 3 } })).statusCode).toBe(204);
    expect((await inject('GET', '/api/v1/control/delays')).json()).toEqual({ delays: { commands: { Configure: 250 }, eventLatencyMs: 5 }, skews: { tm: 0, csp: 0, sdp: 3 } });
    expect((await inject('PUT', '/api/v1/control/delays', { commands: { Configure: -1 } })).statusCode).toBe(400);
  });

  test('reset, command log and force reset', async () => {
    await inject('POST', '/api/v1/commands', { device: n().centralNode, command: 'TelescopeOn' });
    clock.advance(0);
    await inject('POST', '/api/v1/commands', { device: n().tmSubarray(1), command: 'AssignResources', argin: assignJson('mid', 1) });
    clock.advance(0);
    const log = (await inject('GET', '/api/v1/control/command-log')).json<{ entries: Array<{ command: string; outcome: string }> }>();
    expect(log.entries.map((e) => `${e.command} ${e.outcome}`)).toEqual(['TelescopeOn accepted', 'AssignResources accepted']);
    expect((await inject('POST', '/api/v1/control/force-reset', { subarrayId: 1 })).statusCode).toBe(204);
    expect(sim.obsState(1)).toBe('EMPTY');
    expect((await inject('POST', '/api/v1/control/force-reset', { subarrayId: 9 })).statusCode).toBe(422);
    expect((await inject('POST', '/api/v1/control/reset', {})).statusCode).toBe(204);
    expect(sim.snapshot().telescopeState).toBe('STANDBY');
  });

  test('with control disabled every control endpoint is 403 TELSIM_CONTROL_DISABLED', async () => {
    const locked = createSimServer({ simulator: sim, control: false });
    try {
      for (const [method, url, body] of [
        ['POST', '/api/v1/control/reset', undefined],
        ['POST', '/api/v1/control/faults', { kind: 'fault' }],
        ['GET', '/api/v1/control/faults', undefined],
        ['DELETE', '/api/v1/control/faults', undefined],
        ['PUT', '/api/v1/control/delays', {}],
        ['GET', '/api/v1/control/command-log', undefined],
        ['POST', '/api/v1/control/force-reset', { subarrayId: 1 }],
      ] as const) {
        const r = await locked.app.inject({ method, url, ...(body ? { payload: body } : {}) });
        expect(r.statusCode, `${method} ${url}`).toBe(403);
        expect(r.json()).toMatchObject({ code: 'TELSIM_CONTROL_DISABLED' });
      }
      expect((await locked.app.inject({ method: 'GET', url: '/api/v1/state' })).statusCode).toBe(200);
    } finally {
      await locked.close();
    }
  });
});
