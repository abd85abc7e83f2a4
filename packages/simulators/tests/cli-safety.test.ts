import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@observatory/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingLogFile } from '../src/cli/rotating-log.js';
import { calmux, ephemeralWarning, identify, LogLimiter, startSimulator, StateFileWriter, type RunningSimulator } from '../src/index.js';
import { cli, CliProcess, freeOffset } from './helpers/cli.js';

let dir: string;
let env: NodeJS.ProcessEnv;
const cleanups: Array<() => unknown> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-safety-'));
  env = { ACSDATA: dir, DISCOS_SIM_STATE_DIR: dir };
});
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
  rmSync(dir, { recursive: true, force: true });
});

/** A foreign TCP service on `port`: accepts, records every byte, never answers. */
async function foreignService(port: number): Promise<{ received: () => string }> {
  let received = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1');
    });
    socket.on('error', () => undefined);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return { received: () => received };
}

describe('busy ports: our simulators identify themselves, a foreign service is never taken for one', () => {
  it('start names the port and says it is held by another service; stop and status leave it alone', async () => {
    const offset = await freeOffset();
    const port = 12500 + offset;
    const foreign = await foreignService(port);
    const start = await cli(['start', '-s', 'calmux', '--port-offset', String(offset)], env);
    expect(start.out).toEqual([`Simulator 'calmux' not started: port ${port} is in use by another service (it does not answer the simulators' identity probe).`]);
    expect((await cli(['status', '--port-offset', String(offset)], env)).out).toEqual(['No simulator is running.']);
    expect((await cli(['stop', '-s', 'calmux', '--port-offset', String(offset)], env)).out).toEqual(["Simulator 'calmux' is not running."]);
    expect(foreign.received()).not.toContain('$system_stop');
    expect(foreign.received()).toContain('$system_identify%%%%%');
  });

  it('a running simulator answers the identity probe on every transport; another module is named as the holder', async () => {
    const offset = await freeOffset();
    const sim: RunningSimulator = await startSimulator(calmux, { portOffset: offset });
    cleanups.push(() => sim.close());
    expect(await identify('127.0.0.1', { port: 12500 + offset, transport: 'tcp' })).toEqual({ kind: 'simulator', module: 'calmux' });
    expect(await identify('127.0.0.1', { port: 1, transport: 'tcp' })).toEqual({ kind: 'free' });
    expect((await cli(['status', '--port-offset', String(offset)], env)).out).toEqual(["Running simulators: 'calmux'."]);
    expect((await cli(['start', '-s', 'calmux', '--port-offset', String(offset)], env)).out).toEqual(["Simulator 'calmux' already running."]);
    // if_distributor's IFD row is 12000; with this offset calmux holds it.
    const other = await cli(['start', '-s', 'if_distributor', '--port-offset', String(offset + 500)], env);
    expect(other.out[0]).toBe(`Simulator 'if_distributor' not started: port ${12500 + offset} is in use by simulator 'calmux'.`);
  });

  it('warns when the offset reaches the ephemeral range', async () => {
    expect(ephemeralWarning([calmux], 0, { low: 32768, high: 60999 })).toBeUndefined();
    expect(ephemeralWarning([calmux], 20268, { low: 32768, high: 60999 })).toContain('32768-60999');
    // Through the CLI: a foreign service on the port makes `start` return at once.
    // The port must lie in the ephemeral range, where the OS also hands out ports: try a few until one is free.
    let offset = 0;
    for (let attempt = 0; ; attempt++) {
      offset = 40000 + Math.floor(Math.random() * 1000);
      try {
        await foreignService(12500 + offset);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 9) throw err;
      }
    }
    const start = await cli(['start', '-s', 'calmux', '--port-offset', String(offset)], env);
    expect(start.err.join('\n')).toMatch(/warning: port offset \d+ puts 1 port\(s\) \(\d+-\d+\) in the ephemeral range/);
  });
});

describe('state files', () => {
  it('refuses a state directory others can write, before binding anything', async () => {
    const shared = join(dir, 'shared');
    const offset = await freeOffset();
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const start = await cli(['start', '-s', 'calmux', '--port-offset', String(offset), '--state-dir', shared], env);
    expect(start.code).toBe(1);
    expect(start.err.join('\n')).toContain(`state directory ${shared} is unsafe: writable by others`);
    expect(await identify('127.0.0.1', { port: 12500 + offset, transport: 'tcp' })).toEqual({ kind: 'free' });
  });

  it('never writes through a planted symlink, and creates the default directory 0700', () => {
    const stateDir = join(dir, 'state');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const writer = new StateFileWriter(stateDir, { pid: 4242, host: '127.0.0.1', portOffset: 0, simulators: [] });
    // The old fixed temporary name, planted before the first write.
    mkdirSync(stateDir, { mode: 0o700 });
    symlinkSync(victim, `${writer.path}.tmp`);
    writer.write([{ module: 'calmux', name: 'calmux' }]);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(readFileSync(writer.path, 'utf8'))).toMatchObject({ pid: 4242, simulators: [{ module: 'calmux' }] });
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(writer.path).mode & 0o077).toBe(0);
    // No temporary file is left behind (the planted link is the attacker's, untouched).
    expect(readdirSync(stateDir).sort()).toEqual(['discos-simulator-4242.json', 'discos-simulator-4242.json.tmp']);
  });
});

describe('simulator log', () => {
  it('defaults to info: 1 MB of bad commands leaves the log small', { timeout: 30_000 }, async () => {
    const offset = await freeOffset();
    const p = new CliProcess(['start', '-s', 'calmux', '--port-offset', String(offset)], env);
    cleanups.push(async () => {
      p.kill();
      await p.exited;
    });
    await p.waitFor("Simulator 'calmux' up and running.");
    const socket = connect({ port: 12500 + offset, host: '127.0.0.1' });
    await once(socket, 'connect');
    cleanups.push(() => socket.destroy());
    let reply = '';
    socket.on('data', (c: Buffer) => {
      reply += c.toString('latin1');
    });
    // Every 7 bytes is a "Message too long" DeviceError: 150,000 of them.
    socket.write(Buffer.alloc(1024 * 1024, 0x49));
    socket.write('\n?\n');
    const deadline = Date.now() + 20_000;
    while (!reply.includes('16 0 0\n') && Date.now() < deadline) await new Promise((r) => socket.once('data', r));
    expect(reply).toContain('16 0 0\n');
    const log = join(dir, 'sim-server.log');
    expect(existsSync(log) ? statSync(log).size : 0).toBeLessThan(64 * 1024);
  });

  it('rate-limits lines per connection and reports how many were suppressed', () => {
    let t = 0;
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', stream: { write: (l: string) => void lines.push(l) }, env: {} });
    const limiter = new LogLimiter({ lines: 3, windowMs: 1000, now: () => t });
    for (let i = 0; i < 100; i++) limiter.log(logger, (log) => log.error(`bad ${i}`));
    expect(lines).toHaveLength(3);
    t = 1000;
    limiter.log(logger, (log) => log.error('later'));
    expect(lines.map((l) => (JSON.parse(l) as { msg: string; suppressed?: number }).suppressed ?? (JSON.parse(l) as { msg: string }).msg).slice(3)).toEqual([97, 'later']);
  });

  it('rotates the log file by size, keeping the newest files', () => {
    const path = join(dir, 'rot.log');
    const file = new RotatingLogFile(path, 1000, 2);
    cleanups.push(() => file.close());
    for (let i = 0; i < 100; i++) file.write(`${String(i).padStart(99, '.')}\n`);
    expect(statSync(path).size).toBeLessThanOrEqual(1000);
    expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(1000);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(readFileSync(path, 'utf8')).toContain('99\n');
  });
});
