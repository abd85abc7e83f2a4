import { connect } from 'node:net';
import { once } from 'node:events';
import { hasErrorCode } from '@observatory/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Broadcaster,
  DeviceError,
  lineParser,
  multiTypeSystem,
  simulatorModules,
  startSimulator,
  type RunningSimulator,
  type SimulatorModule,
  type System,
} from '../src/index.js';
import { TcpTestClient, udpExchange } from '@observatory/test-utils';
import { startTest } from './helpers/wire.js';

/** A small text device: `x\n` -> `got:x\n`; `D\n` answers after 150 ms; `E\n` is a device error. */
function testSystem(greeting?: string): System & { broadcaster: Broadcaster } {
  const broadcaster = new Broadcaster();
  return {
    broadcaster,
    greet: () => greeting,
    customCommands: { system_echo: (...params: string[]) => params.join('|') },
    createParser: () =>
      lineParser((line) => {
        if (line === 'D') return new Promise((resolve) => setTimeout(() => resolve('delayed\n'), 150));
        if (line === 'E') throw new DeviceError('bad');
        return `got:${line}\n`;
      }),
    subscribe: (sink) => broadcaster.subscribe(sink),
    unsubscribe: (sink) => broadcaster.unsubscribe(sink),
  };
}

const systems: Array<System & { broadcaster: Broadcaster }> = [];
const tcpModule: SimulatorModule = {
  name: 'test_tcp',
  servers: [{ listen: 1, send: 2, transport: 'tcp' }],
  createSystem: () => {
    const s = testSystem('hello\r\n');
    systems.push(s);
    return s;
  },
};
const udpModule: SimulatorModule = { name: 'test_udp', servers: [{ listen: 1, transport: 'udp' }], createSystem: () => testSystem() };

const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
  systems.length = 0;
});

async function start(module: SimulatorModule): Promise<RunningSimulator> {
  const sim = await startTest(module);
  running.push(sim);
  return sim;
}

async function client(port: number | undefined): Promise<TcpTestClient> {
  const c = await TcpTestClient.connect(port!);
  clients.push(c);
  return c;
}

describe('framework: TCP listen', () => {
  it('greets on connect and answers system_greet with the greeting', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.listen);
    expect((await c.read(7)).toString()).toBe('hello\r\n');
    expect(await c.ask('$system_greet%%%%%', 7)).toBe('hello\r\n');
  });

  it('$system_stop%%%%% answers $server_shutdown%%%%% and closes the port', async () => {
    const sim = await start(tcpModule);
    const port = sim.row.ports.listen!;
    const c = await client(port);
    await c.read(7);
    expect(await c.ask('$system_stop%%%%%', 21)).toBe('$server_shutdown%%%%%');
    await sim.closed;
    await c.closedByPeer();
    const refused = connect({ port, host: '127.0.0.1' });
    const [err] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('runs system_* custom commands with string params and keeps their bytes from the parser', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.listen);
    await c.read(7);
    c.send('ab$system_echo:x,y%%%%%cd\n');
    expect((await c.read(3)).toString()).toBe('x|y');
    expect(await c.readUntil('\n')).toBe('got:abcd\n');
  });

  it('gives non-system_ commands to the parser and runs nothing', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.listen);
    await c.read(7);
    expect(await c.ask('$echo:x%%%%%\n', 17)).toBe('got:$echo:x%%%%%\n');
    // A system_ name that does not exist: nothing sent, the next line still answered.
    expect(await c.ask('$system_nothing%%%%%z\n', 6)).toBe('got:z\n');
  });

  it('completes a custom command split across chunks', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.listen);
    await c.read(7);
    c.send('$system_ec');
    await new Promise((r) => setImmediate(r));
    c.send('ho:q%%%%%');
    expect((await c.read(1)).toString()).toBe('q');
  });

  it('logs device errors and keeps the connection', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.listen);
    await c.read(7);
    expect(await c.ask('E\nok\n', 7)).toBe('got:ok\n');
  });

  it('a device delay pauses only its own connection', async () => {
    const sim = await start(tcpModule);
    const a = await client(sim.row.ports.listen);
    const b = await client(sim.row.ports.listen);
    await a.read(7);
    await b.read(7);
    a.send('D\nafter\n');
    expect(await b.ask('quick\n', 10)).toBe('got:quick\n');
    expect(a.pending.length).toBe(0);
    expect(await a.readUntil('\n')).toBe('delayed\n');
    expect(await a.readUntil('\n')).toBe('got:after\n');
  });

  it('assembles frames per connection', async () => {
    const sim = await start(tcpModule);
    const a = await client(sim.row.ports.listen);
    const b = await client(sim.row.ports.listen);
    await a.read(7);
    await b.read(7);
    a.send('AAA');
    expect(await b.ask('B\n', 6)).toBe('got:B\n');
    expect(await a.ask('\n', 8)).toBe('got:AAA\n');
  });
});

describe('framework: sending and UDP', () => {
  it('streams published messages to subscribers and unsubscribes on close', async () => {
    const sim = await start(tcpModule);
    const c = await client(sim.row.ports.send);
    await vi.waitFor(() => expect(systems[0]!.broadcaster.size).toBe(1));
    systems[0]!.broadcaster.publish(Buffer.from('frame1'));
    expect((await c.read(6)).toString()).toBe('frame1');
    expect(await c.ask('$system_echo:z%%%%%', 1)).toBe('z');
    await c.close();
    await vi.waitFor(() => expect(systems[0]!.broadcaster.size).toBe(0));
  });

  it('a subscriber that does not read skips messages and does not slow the others', async () => {
    const sim = await start(tcpModule);
    const port = sim.row.ports.send!;
    // Raw sockets that only count bytes (a buffering client would dominate the run time).
    const open = async () => {
      const socket = connect({ port, host: '127.0.0.1' });
      await once(socket, 'connect');
      return socket;
    };
    const slow = await open();
    const fast = await open();
    try {
      slow.pause();
      let received = 0;
      let slowBytes = 0;
      fast.on('data', (chunk: Buffer) => (received += chunk.length));
      await vi.waitFor(() => expect(systems[0]!.broadcaster.size).toBe(2));
      const total = 200;
      for (let i = 0; i < total; i++) {
        systems[0]!.broadcaster.publish(Buffer.alloc(65536, i % 251));
        // Let the sockets drain between bursts, as a periodic sender would.
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
      await vi.waitFor(() => expect(received).toBeGreaterThan(0));
      let last = 0;
      slow.on('data', (chunk: Buffer) => {
        slowBytes += chunk.length;
        last = chunk[chunk.length - 1]!;
      });
      slow.resume();
      // A final marker frame (0xff, never used above) arrives once everything queued before it is out.
      systems[0]!.broadcaster.publish(Buffer.alloc(65536, 0xff));
      await vi.waitFor(() => expect(last).toBe(0xff), { timeout: 5000 });
      // The slow reader got what its socket buffers held plus the newest messages: most were skipped, not queued.
      expect(slowBytes).toBeLessThan((total * 65536) / 2);
    } finally {
      slow.destroy();
      fast.destroy();
    }
  });

  it('appends a newline to each datagram', async () => {
    const sim = await start(udpModule);
    expect(await udpExchange(sim.row.ports.listen!, 'abc')).toEqual(['got:abc\n']);
    expect(await udpExchange(sim.row.ports.listen!, '$system_stop%%%%%')).toEqual(['$server_shutdown%%%%%']);
    await sim.closed;
  });
});

describe('framework: modules', () => {
  it('picks a MultiTypeSystem type and rejects unknown ones', async () => {
    const factory = multiTypeSystem({ types: { a: () => testSystem('A\n'), b: () => testSystem('B\n') }, defaultType: 'a' });
    const module: SimulatorModule = { name: 'multi', servers: [{ listen: 1, transport: 'tcp' }], createSystem: factory, types: ['a', 'b'] };
    const sim = await startTest(module, { type: 'b' });
    running.push(sim);
    expect(sim.name).toBe('b');
    const c = await client(sim.row.ports.listen);
    expect((await c.read(2)).toString()).toBe('B\n');
    await expect(startTest(module, { type: 'zzz' })).rejects.toThrow("Configuration 'zzz' for system 'multi' not found.");
    await expect(startTest({ ...module, types: undefined }, { type: 'a' })).rejects.toThrow(/has no configurations other than the default one/);
    await expect(startTest({ ...module, servers: [{ listen: 1, transport: 'tcp', options: { type: 'c' } }] })).rejects.toThrow('System type c not found.');
  });

  it('adds the port offset to every port and reports a busy port', async () => {
    const probe = await startTest(tcpModule);
    const base = probe.row.ports.listen!;
    await probe.close();
    const module: SimulatorModule = { ...tcpModule, servers: [{ listen: base - 5, transport: 'tcp' }] };
    const sim = await startSimulator(module, { portOffset: 5 });
    running.push(sim);
    expect(sim.row.ports.listen).toBe(base);
    const err: unknown = await startSimulator(module, { portOffset: 5 }).catch((e: unknown) => e);
    expect(hasErrorCode(err, 'CORE_ADDRESS_IN_USE')).toBe(true);
  });
});

describe('framework vector: $system_stop%%%%% on every system', () => {
  it.each(simulatorModules().map((m) => [m.name, m] as const))('%s', async (_name, module) => {
    const sim = await startTest(module);
    running.push(sim);
    const row = sim.rows.find((r) => r.row.transport === 'tcp' && r.ports.listen !== undefined);
    if (!row) {
      // UDP-only systems answer a datagram.
      expect(await udpExchange(sim.row.ports.listen!, '$system_stop%%%%%')).toEqual(['$server_shutdown%%%%%']);
      await sim.row.closed;
      return;
    }
    const c = await client(row.ports.listen);
    c.send('$system_stop%%%%%');
    expect(await c.readUntil('$server_shutdown%%%%%')).toMatch(/\$server_shutdown%%%%%$/);
    await row.closed;
    await c.closedByPeer();
  });
});
