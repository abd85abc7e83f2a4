import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backend,
  calmux,
  dbesm,
  ifDistributor,
  lo,
  mscu,
  solarAttenuator,
  switchMatrix,
  totalpower,
  type SimulatorModule,
} from '../src/index.js';
import { runSteps, type Step } from './helpers/vectors.js';
import { SimulatorScope } from './helpers/wire.js';

const scope = new SimulatorScope();
afterEach(() => scope.closeAll());

/** A known exchange per row, used to prove a row still serves after abuse. */
const PROBES: Array<[string, SimulatorModule, number, string, Step]> = [
  ['calmux', calmux, 0, '', ['?\n', '16 0 0\n']],
  ['IFD', ifDistributor, 0, '', ['? 0\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n']],
  ['IFD_14', ifDistributor, 1, '', ['#*IDN?\n', 'SRT IF Distributor Simulator 1.0']],
  ['generic_LO', lo, 0, '', ['SYST:ERR?\n', '0,"No error"\n']],
  ['w_LO', lo, 3, '', ['get W_LO_status\r\n', '0,0\r\n']],
  ['solar_attenuator', solarAttenuator, 0, '', ['set W_cal\r\n', 'ACK\r\n']],
  ['switch_matrix', switchMatrix, 0, '', ['get IF_switch_config\r\n', '1:HBS\r\n']],
  ['dbesm', dbesm, 0, '', ['DBE GETFIRM BOARD 2\r\n', 'ACK\nBOARD 1 Prog=DBESM, Rev=rev 0.116_NEW_win\r\n']],
  ['mscu', mscu, 0, '', ['#getappstatus:1=0\r\n', '?getappstatus:1=0> 0000030D\r\n']],
  ['totalpower', totalpower, 0, '', ['V\n', 'fpga 29.12.2009 simulator, firmware rev.48']],
  ['sardara', backend, 0, '!version,ok,1.2\r\n', ['?version\r\n', '!version,ok,1.2\r\n']],
  ['mistral', backend, 1, '!version,ok,1.2\r\n', ['?get-tp0\r\n', '!get-tp0,ok,0,0\r\n']],
];

/** Writes `bytes` and closes abruptly (or half-closes), ignoring whatever comes back. */
async function abuse(port: number, bytes: Uint8Array, halfClose: boolean): Promise<void> {
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(bytes);
  if (halfClose) socket.end();
  else socket.destroy();
}

describe('bad bytes never crash a simulator nor disturb another connection', () => {
  it.each(PROBES)('%s', async (_name, module, row, greeting, probe) => {
    const sim = await scope.start(module);
    const port = sim.rows[row]!.ports.listen!;
    const bystander = await scope.client(port);
    if (greeting) await bystander.read(greeting.length);
    // Half a command before the abuse, the rest after: its frame state must be untouched by the others.
    const half = Math.ceil(probe[0].length / 2);
    bystander.send(probe[0].slice(0, half));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, halfClose) => {
        await abuse(port, bytes, halfClose);
      }),
      { numRuns: 25 },
    );
    // The bystander's frame state is its own: it still gets exact answers.
    const fresh = await scope.client(port);
    if (greeting) await fresh.read(greeting.length);
    await runSteps(fresh, [probe]);
    await runSteps(bystander, [[probe[0].slice(half), probe[1]]]);
  });

  it('random bytes on one connection are answered or dropped, never fatal', async () => {
    const sim = await scope.start(calmux);
    const c = await scope.client(sim.row.ports.listen!);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        c.send(bytes);
        // Terminate whatever was started, flush the replies, then check the connection still answers.
        c.send('\n\n?\n');
        await c.readUntil('16 0 0\n');
      }),
      { numRuns: 30 },
    );
  });
});

describe('framing is per connection and chunking does not matter', () => {
  const script: Step[] = [
    ['? 0\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n'],
    ['B 1 3\n', 'ack\n'],
    ['$system_greet%%%%%', null],
    ['??? 0\n', 'nak\n'],
    ['A 5 0 25.5\n', 'ack\n'],
  ];
  const request = script.map((s) => s[0]).join('');
  const expected = script.map((s) => s[1] ?? '').join('');

  it('any split of the IFD stream gives the same replies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: request.length - 1 }), { maxLength: 8 }), async (cuts) => {
        const sim = await scope.start(ifDistributor);
        const c = await scope.client(sim.row.ports.listen!);
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...points, request.length]) {
          c.send(request.slice(from, to));
          from = to;
          await new Promise((r) => setImmediate(r));
        }
        expect((await c.read(Buffer.byteLength(expected))).toString('latin1')).toBe(expected);
        await c.close();
        await sim.close();
      }),
      { numRuns: 15 },
    );
  });
});

describe('1000 simultaneous connects', () => {
  it('are all accepted, greeted and answered (backend)', { timeout: 60000 }, async () => {
    const sim = await scope.start(backend);
    const port = sim.row.ports.listen!;
    const greeting = '!version,ok,1.2\r\n';
    const exchange = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ port, host: '127.0.0.1' });
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('latin1');
          if (received === greeting) socket.write('?version\r\n');
          if (received.length >= 2 * greeting.length) {
            socket.destroy();
            resolve(received);
          }
        });
        socket.once('error', reject);
      });
    const replies = await Promise.all(Array.from({ length: 1000 }, exchange));
    expect(replies.filter((r) => r === greeting + greeting)).toHaveLength(1000);
  });
});
