import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backend,
  DeviceError,
  GaiaSystem,
  minorServos,
  mscu,
  WeatherStationSystem,
  createClock,
  type Parser,
  type RunningSimulator,
  type SimulatorModule,
} from '../src/index.js';
import { startTest } from './helpers/wire.js';

const running: RunningSimulator[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(module: SimulatorModule): Promise<RunningSimulator> {
  const sim = await startTest(module);
  running.push(sim);
  return sim;
}

/** Writes `bytes` honouring backpressure, resolving once everything was handed to the kernel. */
async function flood(port: number, bytes: Buffer): Promise<void> {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  await once(socket, 'connect', { signal: AbortSignal.timeout(5000) });
  if (!socket.write(bytes)) await once(socket, 'drain');
  socket.end();
}

/** A client collecting everything received, waiting for a marker with a deadline far above what linear parsers need. */
async function collector(port: number) {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  await once(socket, 'connect', { signal: AbortSignal.timeout(5000) });
  cleanups.push(() => socket.destroy());
  let text = '';
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    wake();
  });
  return {
    send: (data: string | Buffer) => socket.write(data),
    async until(marker: string, timeoutMs = 15_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(marker)) {
        const left = deadline - Date.now();
        if (left <= 0 || socket.destroyed) throw new Error(`no ${JSON.stringify(marker)} within ${timeoutMs} ms; got ${JSON.stringify(text.slice(-200))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return text;
    },
  };
}

const MIB = 1024 * 1024;

// A junk stream without a terminator used to go into minor_servos at 0.3 MiB/s (string append + endsWith per
// byte is quadratic) and stall every simulator of the process. 8 MiB now takes well under a second; the old
// parsers needed tens of seconds. The same connection then still gets a normal reply.
describe('byte parsers are linear and bounded', () => {
  it.each<[string, SimulatorModule, number, Buffer, string, string]>([
    ['minor_servos', minorServos, 0, Buffer.alloc(8 * MIB, 0x61), '\r\nSTATUS=DR_GFR1\r\n', 'OUTPUT:GOOD,'],
    ['minor_servos (CR without LF)', minorServos, 0, Buffer.alloc(8 * MIB, 0x0d), '\nSTATUS=DR_GFR1\r\n', 'OUTPUT:GOOD'],
    ['mscu', mscu, 0, Buffer.concat([Buffer.from('#'), Buffer.alloc(8 * MIB, 0x61)]), '#getappstatus:1=0\r\n', '?getappstatus:1=0> 0000030D'],
    ['backend (LF without CR)', backend, 0, Buffer.alloc(8 * MIB, 0x0a), '\r\n?get-tp0\r\n', '!get-tp0,ok,0,0'],
  ])('%s: 8 MiB of junk, then a request on the same connection', async (_name, module, row, junk, request, expected) => {
    const sim = await start(module);
    const client = await collector(sim.rows[row]!.ports.listen!);
    client.send(junk);
    client.send(request);
    expect(await client.until(expected)).toContain(expected);
  });

  it('another connection of the same row is answered during a flood', async () => {
    const sim = await start(minorServos);
    const port = sim.rows[0]!.ports.listen!;
    const control = await collector(port);
    const flooding = flood(port, Buffer.alloc(8 * MIB, 0x61));
    control.send('STATUS=DR_GFR1\r\n');
    expect(await control.until('\r\n')).toContain('OUTPUT:GOOD');
    await flooding;
  });

  it.each<[string, () => Parser, string, string]>([
    ['gaia', () => new GaiaSystem().createParser(), '#', '#*IDN? 7\n'],
    ['weather_station', () => new WeatherStationSystem(createClock()).createParser(), 'r ', 'r ta01\n'],
  ])('%s holds at most 64 KiB of an unterminated message, then parses the next one', (_name, createParser, head, next) => {
    const parser = createParser();
    const feed = (text: string | Buffer) => {
      const out: unknown[] = [];
      for (const byte of Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1')) {
        try {
          const result = parser.parse(byte);
          if (result !== true && result !== false) out.push(result);
        } catch (err) {
          out.push(err);
        }
      }
      return out;
    };
    const errors = feed(Buffer.concat([Buffer.from(head), Buffer.alloc(100_000, 0x61)]));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toBeInstanceOf(DeviceError);
    // Stray bytes of the dropped message may still follow; a newline ends them, then the device answers again.
    feed('\n');
    const replies = feed(next);
    expect(replies).toHaveLength(1);
    expect(String(replies[0])).toMatch(/GAIA Simulator|<Id>ta01<\/Id>/);
  });
});

describe('per-turn fairness on a simulator row', () => {
  it('a connection parses at most the turn budget (16 KiB) plus one 4 KiB slice before yielding', async () => {
    let run = 0;
    let maxRun = 0;
    let counting = false;
    let total = 0;
    const meter: SimulatorModule = {
      name: 'meter',
      servers: [{ listen: 1, transport: 'tcp' }],
      createSystem: () => ({
        createParser: () => ({
          parse(byte: number) {
            if (!counting) {
              counting = true;
              // Runs only once the server returns to the event loop.
              queueMicrotask(() => {
                counting = false;
                run = 0;
              });
            }
            run += 1;
            total += 1;
            maxRun = Math.max(maxRun, run);
            return byte === 0x21 ? 'done\n' : true;
          },
        }),
      }),
    };
    const sim = await start(meter);
    const client = await collector(sim.rows[0]!.ports.listen!);
    client.send(Buffer.concat([Buffer.alloc(2 * MIB, 0x61), Buffer.from('!')]));
    expect(await client.until('done\n')).toBe('done\n');
    expect(total).toBe(2 * MIB + 1);
    expect(maxRun).toBeLessThanOrEqual(16384 + 4096);
  });
});
