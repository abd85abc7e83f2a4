import { once } from 'node:events';
import { openEventStream, type SseEvent } from '@observatory/core';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startTelescopeSimServer, type RunningTelescopeSim } from '../src/http/start-server.js';
import type { AttrEvent } from '../src/types.js';

let running: RunningTelescopeSim;
const controllers = new Set<AbortController>();

beforeEach(async () => {
  running = await startTelescopeSimServer({ telescope: 'mid', port: 0, heartbeatMs: 40, simulator: { commandLogLimit: 100 } });
});
afterEach(async () => {
  for (const c of controllers) c.abort();
  controllers.clear();
  await running.close();
});

/** Opens the event stream and collects events until `count` arrived (deadline 3 s). */
function stream(query = '', lastEventId?: string) {
  const controller = new AbortController();
  controllers.add(controller);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const done = (async () => {
    for await (const e of openEventStream(`${running.url}/api/v1/events${query}`, { reconnect: false, signal: controller.signal, lastEventId })) {
      events.push(e);
      for (const w of [...waiters]) w();
    }
  })().catch(() => undefined);
  return {
    events,
    data: () => events.map((e) => JSON.parse(e.data) as AttrEvent),
    stop: async () => {
      controller.abort();
      await done;
    },
    waitForCount(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} events`)), 3000);
        const w = () => {
          if (events.length < count) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve();
        };
        waiters.add(w);
      });
    },
  };
}

const sub = (device: string, attr: string) => `sub=${encodeURIComponent(`${device}:${attr}`)}`;

describe('GET /api/v1/events', () => {
  test('current values come first (initial), then changes as `event: change` with strictly increasing ids', async () => {
    const n = running.simulator.names;
    const s = stream(`?${sub(n.centralNode, 'telescopeState')}&${sub(n.cspController, 'state')}`);
    await s.waitForCount(2);
    expect(s.data()).toEqual([
      expect.objectContaining({ device: n.centralNode, attr: 'telescopeState', value: 'STANDBY', initial: true }),
      expect.objectContaining({ device: n.cspController, attr: 'state', value: 'OFF', initial: true }),
    ]);
    await running.simulator.command(n.centralNode, 'TelescopeOn');
    await s.waitForCount(4);
    const live = s.events.slice(2);
    expect(live.map((e) => e.event)).toEqual(['change', 'change']);
    expect(s.data().slice(2).map((e) => `${e.device} ${String(e.value)}`)).toEqual([`${n.cspController} ON`, `${n.centralNode} ON`]);
    const ids = s.events.filter((e) => e.id !== '').map((e) => Number(e.id));
    expect(ids.length).toBe(3); // the last initial event carries the current id, so a reconnect resumes from there
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
    await s.stop();
  });

  test('without sub, the stream carries every attribute of every device, then every change', async () => {
    const sim = running.simulator;
    const s = stream();
    const total = sim.currentEvents().length;
    await s.waitForCount(total);
    expect(s.data().every((e) => e.initial)).toBe(true);
    await sim.command(sim.names.dish(1), 'Nope').catch(() => undefined);
    await sim.write(sim.names.dish(1), 'adminMode', 'ENGINEERING');
    await s.waitForCount(total + 1);
    expect(s.data()[total]).toMatchObject({ device: sim.names.dish(1), attr: 'adminMode', value: 'ENGINEERING' });
    await s.stop();
  });

  test('Last-Event-ID replays exactly the events missed while disconnected', async () => {
    const sim = running.simulator;
    const n = sim.names;
    const q = `?${sub(n.centralNode, 'telescopeState')}`;
    const first = stream(q);
    await first.waitForCount(1);
    await sim.command(n.centralNode, 'TelescopeOn');
    await first.waitForCount(2);
    const lastId = first.events[1]!.id;
    await first.stop();
    // Missed: Off then On again.
    await sim.command(n.centralNode, 'TelescopeOff');
    await vitestWait(() => sim.snapshot().telescopeState === 'STANDBY');
    await sim.command(n.centralNode, 'TelescopeOn');
    await vitestWait(() => sim.snapshot().telescopeState === 'ON');
    const second = stream(q, lastId);
    await second.waitForCount(2);
    expect(second.data().map((e) => [e.value, e.initial ?? false])).toEqual([
      ['STANDBY', false],
      ['ON', false],
    ]);
    expect(Number(second.events[0]!.id)).toBeGreaterThan(Number(lastId));
    await second.stop();
  });

  test('a Last-Event-ID the ring no longer holds gets the current values again', async () => {
    const sim = running.simulator;
    const n = sim.names;
    const s = stream(`?${sub(n.centralNode, 'telescopeState')}`, '999999');
    await s.waitForCount(1);
    expect(s.data()[0]).toMatchObject({ value: 'STANDBY', initial: true });
    await s.stop();
  });

  test('dropped events (fault) never reach the stream', async () => {
    const sim = running.simulator;
    const n = sim.names;
    sim.faults.inject({ kind: 'dropEvents', device: n.centralNode, attr: 'telescopeState', count: 1 });
    const s = stream(`?${sub(n.centralNode, 'telescopeState')}&${sub(n.cspController, 'state')}`);
    await s.waitForCount(2);
    await sim.command(n.centralNode, 'TelescopeOn');
    await vitestWait(() => sim.snapshot().telescopeState === 'ON');
    await sim.write(n.cspController, 'adminMode', 'OFFLINE'); // not subscribed
    await sim.command(n.centralNode, 'TelescopeOff');
    await s.waitForCount(5);
    expect(s.data().slice(2).map((e) => `${e.attr} ${String(e.value)}`)).toEqual(['state ON', 'state OFF', 'telescopeState STANDBY']);
    await s.stop();
  });

  test('heartbeat comments keep an idle stream alive', async () => {
    const n = running.simulator.names;
    const res = await request(`${running.url}/api/v1/events?${sub(n.centralNode, 'state')}`, { headers: { accept: 'text/event-stream' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    let text = '';
    for await (const chunk of res.body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.includes(': heartbeat')) break;
    }
    expect(text).toMatch(/^event: change\ndata: .*\n\n/m);
    expect(text).toContain(': heartbeat\n\n');
  });

  test('unknown subscriptions are 404, malformed ones 400, both as JSON', async () => {
    const unknown = await request(`${running.url}/api/v1/events?sub=${encodeURIComponent('a/b/c:state')}`, { headers: { accept: 'text/event-stream' } });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toMatchObject({ code: 'TELSIM_UNKNOWN_DEVICE' });
    const malformed = await request(`${running.url}/api/v1/events?sub=nocolon`, { headers: { accept: 'text/event-stream' } });
    expect(malformed.statusCode).toBe(400);
    expect(await malformed.body.json()).toMatchObject({ code: 'TELSIM_BAD_REQUEST' });
  });

  test('closing the server ends open streams promptly', async () => {
    const n = running.simulator.names;
    const res = await request(`${running.url}/api/v1/events?${sub(n.centralNode, 'state')}`, { headers: { accept: 'text/event-stream' } });
    const ended = once(res.body, 'end').catch(() => undefined);
    res.body.resume();
    await running.close();
    await ended;
    expect(res.body.readableEnded || res.body.destroyed).toBe(true);
  });
});

function vitestWait(pred: () => boolean): Promise<void> {
  return vi.waitFor(() => {
    if (!pred()) throw new Error('condition not met');
  }, { timeout: 2000, interval: 2 });
}
