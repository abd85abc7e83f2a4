import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { buildProgram } from '../src/cli/program.js';
import { createSimServer, type SimServerOptions } from '../src/http/sim-server.js';
import type { RunningTelescopeSim } from '../src/http/start-server.js';
import { createTelescopeSimulator, type TelescopeSimulator } from '../src/simulator.js';
import type { CommandLogEntry } from '../src/types.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function serve(options: Partial<SimServerOptions> = {}): Promise<{ sim: TelescopeSimulator; port: number }> {
  const sim = createTelescopeSimulator({ telescope: 'mid' });
  const server = createSimServer({ simulator: sim, ...options });
  const { port } = await server.listen();
  cleanups.push(async () => {
    await server.close();
    await sim.close();
  });
  return { sim, port };
}

interface Reply {
  status: number;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** A real HTTP request with full control of the headers (fetch cannot set `Host`). */
function send(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body, json: <T>() => JSON.parse(body) as T });
      });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(options.body);
  });
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('state-changing routes need JSON', () => {
  test.each([
    ['text/plain', ''],
    ['text/plain;charset=UTF-8', '{}'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('POST /api/v1/control/reset as %s is 415 and resets nothing', async (type, body) => {
    const { sim, port } = await serve();
    const on = await send(port, 'POST', '/api/v1/commands', json({ device: sim.names.centralNode, command: 'TelescopeOn' }));
    expect(on.status).toBe(200);
    const r = await send(port, 'POST', '/api/v1/control/reset', { headers: { 'content-type': type }, body });
    expect(r.status).toBe(415);
    expect(r.json()).toMatchObject({ code: 'TELSIM_UNSUPPORTED_MEDIA_TYPE' });
    expect(sim.commandLog).toHaveLength(1); // a reset clears the log
  });

  test('POST without any Content-Type is 415; with JSON (or an empty JSON body) it works', async () => {
    const { port } = await serve();
    expect((await send(port, 'POST', '/api/v1/control/reset')).status).toBe(415);
    expect((await send(port, 'POST', '/api/v1/control/reset', json({}))).status).toBe(204);
    expect((await send(port, 'POST', '/api/v1/control/reset', { headers: { 'content-type': 'application/json' } })).status).toBe(204);
  });

  test('a DELETE with a non-JSON body type is 415; a bare DELETE works', async () => {
    const { port } = await serve();
    const del = await send(port, 'DELETE', '/api/v1/control/faults', { headers: { 'content-type': 'text/plain', 'content-length': '1' }, body: 'x' });
    expect(del.status, del.body).toBe(415);
    expect((await send(port, 'DELETE', '/api/v1/control/faults')).status).toBe(204);
  });
});

describe('bad bodies are 4xx, never 500', () => {
  test.each<[string, { headers: Record<string, string>; body: string | Buffer }, number, string]>([
    ['invalid JSON', json('{"device": '), 422, 'TELSIM_INVALID_BODY'],
    ['an unknown media type', { headers: { 'content-type': 'application/xml' }, body: '<a/>' }, 415, 'TELSIM_UNSUPPORTED_MEDIA_TYPE'],
    ['JSON nested 5000 deep', json(`{"device":"x","command":"On","argin":${'['.repeat(5000)}${']'.repeat(5000)}}`), 422, 'TELSIM_INVALID_BODY'],
    ['a body over 1 MiB', json(`{"device":"${'x'.repeat(1_100_000)}","command":"On"}`), 413, 'TELSIM_BODY_TOO_LARGE'],
  ])('POST /api/v1/commands with %s', async (_name, options, status, code) => {
    const { port } = await serve();
    const r = await send(port, 'POST', '/api/v1/commands', options);
    expect(r.status).toBe(status);
    expect(r.json()).toMatchObject({ code });
    expect(typeof r.json().detail).toBe('string');
  });
});

describe('Host check (DNS rebinding)', () => {
  test('a foreign Host gets 421 naming it; loopback names and the bind address pass', async () => {
    const { port } = await serve();
    const r = await send(port, 'GET', '/health', { headers: { host: `rebind.attacker.example:${port}` } });
    expect(r.status).toBe(421);
    expect(r.json()).toMatchObject({ code: 'TELSIM_HOST_NOT_ALLOWED' });
    expect(r.json<{ detail: string }>().detail).toContain('rebind.attacker.example');
    // State-changing requests are refused the same way, before anything runs.
    const reset = await send(port, 'POST', '/api/v1/control/reset', { headers: { host: 'rebind.attacker.example', 'content-type': 'application/json' }, body: '{}' });
    expect(reset.status).toBe(421);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await send(port, 'GET', '/health', { headers: { host } })).status, host).toBe(200);
    }
  });

  test('allowedHosts adds names', async () => {
    const { port } = await serve({ allowedHosts: ['telsim.example'] });
    expect((await send(port, 'GET', '/health', { headers: { host: `telsim.example:${port}` } })).status).toBe(200);
    expect((await send(port, 'GET', '/health', { headers: { host: 'other.example' } })).status).toBe(421);
  });
});

describe('telescope-sim --allowed-host', () => {
  test.each<[string, string[], Record<string, string>]>([
    ['the flag, repeatable and comma-separated', ['--allowed-host', 'a.example,b.example', '--allowed-host', 'c.example'], {}],
    ['TELSIM_ALLOWED_HOSTS', [], { TELSIM_ALLOWED_HOSTS: 'a.example, b.example,c.example' }],
  ])('%s adds names', async (_name, args, env) => {
    const running = await new Promise<RunningTelescopeSim>((resolve, reject) => {
      buildProgram({ handleSignals: false, env: { ...env, LOG_LEVEL: 'silent' }, onListening: (r) => resolve(r) })
        .parseAsync(['node', 'telescope-sim', '--port', '0', '--log-level', 'silent', ...args])
        .catch(reject);
    });
    cleanups.push(() => running.close());
    for (const host of ['a.example', 'b.example', 'c.example:1', 'localhost']) {
      expect((await send(running.port, 'GET', '/health', { headers: { host } })).status, host).toBe(200);
    }
    expect((await send(running.port, 'GET', '/health', { headers: { host: 'd.example' } })).status).toBe(421);
  });
});

describe('command log', () => {
  test('keeps a bounded, truncated copy of a huge argin', async () => {
    const { sim, port } = await serve();
    const argin = JSON.stringify({ subarray_id: 1, pad: 'y'.repeat(500_000) });
    const r = await send(port, 'POST', '/api/v1/commands', json({ device: sim.names.centralNode, command: 'AssignResources', argin }));
    expect(r.status).toBeGreaterThanOrEqual(200);
    const log = await send(port, 'GET', '/api/v1/control/command-log');
    const [entry] = log.json<{ entries: CommandLogEntry[] }>().entries;
    expect(entry).toMatchObject({ command: 'AssignResources', arginTruncated: true });
    expect((entry!.argin as string).length).toBe(4096);
    expect(log.body.length).toBeLessThan(10_000);
  });

  test('the log stays within its byte budget', async () => {
    const sim = createTelescopeSimulator({ telescope: 'mid', commandLogBytes: 100_000 });
    cleanups.push(() => sim.close());
    for (let i = 0; i < 200; i++) {
      try {
        sim.sendCommand(sim.names.centralNode, i % 2 ? 'TelescopeOff' : 'TelescopeOn', 'z'.repeat(10_000));
      } catch {
        // rejected commands are logged too
      }
    }
    const size = JSON.stringify(sim.commandLog).length;
    expect(sim.commandLog.length).toBeGreaterThan(0);
    expect(size).toBeLessThan(110_000);
  });
});

describe('SSE queues are bounded in bytes', () => {
  test('a client that falls further behind than sseQueueBytes is disconnected, and catches up with Last-Event-ID', async () => {
    const { sim, port } = await serve({ sseQueueBytes: 4096 });
    const dish = sim.names.dish(1);
    const open = (lastEventId?: string) =>
      new Promise<{ text: () => string; ended: Promise<void>; close: () => void }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: `/api/v1/events?sub=${encodeURIComponent(`${dish}:adminMode`)}`, headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              text += c;
            });
            const ended = new Promise<void>((done) => res.on('close', () => done()));
            // Resolve once the initial event (the current value) arrived.
            res.once('data', () => resolve({ text: () => text, ended, close: () => req.destroy() }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const first = await open();
    cleanups.push(async () => first.close());
    // 200 changes in one synchronous burst: about 30 kB queued before the stream can take any of them.
    const modes = ['OFFLINE', 'ONLINE'];
    for (let i = 0; i < 200; i++) await sim.write(dish, 'adminMode', modes[i % 2]);
    await first.ended;
    const ids = [...first.text().matchAll(/^id: (\d+)$/gm)].map((m) => m[1]!);
    // Reconnecting with the last id it saw replays what it missed from the ring.
    const again = await open(ids.at(-1));
    cleanups.push(async () => again.close());
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (again.text().includes(`"value":"ONLINE"`) && /^id: \d+$/m.test(again.text())) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(again.text()).toContain('event: change');
  });
});
