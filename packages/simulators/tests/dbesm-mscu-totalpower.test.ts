import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { createClock, dbesm, mscu, totalpower, type RunningSimulator, type SimulatorModule, type StartSimulatorOptions } from '../src/index.js';
import { runSteps, type Step } from './helpers/vectors.js';
import { startTest } from './helpers/wire.js';

const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const f of cleanups.splice(0)) await f();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function connectTo(module: SimulatorModule, row = 0, options?: StartSimulatorOptions): Promise<TcpTestClient> {
  const sim = await startTest(module, options);
  running.push(sim);
  const client = await TcpTestClient.connect(sim.rows[row]!.ports.listen!);
  clients.push(client);
  return client;
}

describe('dbesm', () => {
  const probe: Step = ['DBE GETFIRM BOARD 1\r\n', 'ACK\nBOARD 0 Prog=DBESM, Rev=rev 0.116_NEW_win\r\n'];
  it.each<[string, Step[]]>([
    ['54', [['DBE GETCFG\r\n', 'ACK\nBOARD 1 default\n\nBOARD 2 default\n\nBOARD 3 default\n\nBOARD 4 default\r\n']]],
    [
      '55',
      [
        ['DBE SETALLMODE MFS_7\r\n', 'BOARD 1 ACK\nBOARD 2 ACK\nBOARD 3 ACK\nBOARD 4 ACK\r\n'],
        ['DBE GETCFG\r\n', 'ACK\nBOARD 1 MFS_7\n\nBOARD 2 MFS_7\n\nBOARD 3 MFS_7\n\nBOARD 4 MFS_7\r\n'],
      ],
    ],
    ['56', [['DBE ReadDIAG BOARD 1\r\n', 'ACK\nBOARD 1\n\n5V 1.11 3V3 0.11\nT0 5.1\r\n'], probe]],
    [
      '57',
      [['DBE GETCOMP BOARD 2\r\n', 'ACK\nBOARD 2\n\nAMP=[ 1 0 0 0 0 0 1 1 1 1 ]\nEQ=[ 1 0 0 0 0 0 1 1 1 1 ]\nBPF=[ 1 0 0 0 0 0 0 1 1 1 1 ]\r\n']],
    ],
    [
      '58',
      [
        ['DBE SETSTATUS BOARD 999 VALUE 1\r\n', 'ERR DBE BOARD 999 not existing\r\n'],
        ['DBE DELETEFILE CustomCfg\r\n', 'ERR DBE CFG file not existing\r\n'],
      ],
    ],
    [
      '59',
      [
        ['?????\r\n', 'NAK unknown command\r\n'],
        ['DBE\r\n', 'NAK unknown command\r\n'],
        ['DBE GETSTATUS BOARD 1\n', 'NAK unknown command\r\n'],
      ],
    ],
    [
      '60',
      [
        ['DBE SETDBEATT SARDA_01 7.0\r\n', 'DBE SARDA_01 BOARD 1 ACK\r\n'],
        ['DBE GETDBEATT SARDA_01\r\n', 'ACK SARDA_01 BOARD 1 ATT 2 VALUE 7.0\r\n'],
        ['DBE SETDBEATT SARDA_01 +3\r\n', 'DBE SARDA_01 BOARD 1 ACK\r\n'],
        ['DBE GETDBEATT SARDA_01\r\n', 'ACK SARDA_01 BOARD 1 ATT 2 VALUE 10.0\r\n'],
        ['DBE SETDBEATT SARDA_01 40\r\n', 'ERR DBE SARDA_01 BOARD 1 value out of range\r\n'],
        ['DBE SETDBEATT nothing 1\r\n', 'ERR DBE Output not existing\r\n'],
      ],
    ],
    [
      '61',
      [
        ['DBE SETSTATUS BOARD 3 VALUE 1\r\n', 'ACK\r\n'],
        ['DBE SETATT 3 BOARD 3 VALUE 5.5\r\n', 'ERR DBE BOARD 3 unreachable\r\n'],
        ['DBE GETCFG\r\n', 'ACK\nBOARD 1 default\n\nBOARD 2 default\n\nBOARD 3 ERR DBE BOARD unreachable\n\nBOARD 4 default\r\n'],
        ['DBE GETDBEAMP prova\r\n', 'ACK prova BOARD 1 AMP 9 VALUE 1\nACK prova BOARD 2 AMP 1 VALUE 0\nERR DBE prova BOARD 3 unreachable\r\n'],
      ],
    ],
    [
      'switch setters',
      [
        ['DBE SETAMP 2 BOARD 2 VALUE 1\r\n', 'ACK\r\n'],
        ['DBE SETBPF 1a BOARD 2 VALUE 0\r\n', 'ACK\r\n'],
        ['DBE SETBPF a1 BOARD 2 VALUE 0\r\n', 'NAK unknown command\r\n'],
        ['DBE SETBPF 12 BOARD 2 VALUE 0\r\n', 'ERR DBE BPF 12 not existing\r\n'],
        ['DBE SETDBEEQ prova2 1\r\n', 'DBE prova2 BOARD 2 ACK\nDBE prova2 BOARD 4 ACK\r\n'],
        ['DBE GETCOMP BOARD 2\r\n', 'ACK\nBOARD 2\n\nAMP=[ 1 1 0 0 0 0 1 1 1 1 ]\nEQ=[ 1 0 0 1.0 0 0 1 1 1 1 ]\nBPF=[ 0 0 0 0 0 0 0 1 1 1 1 ]\r\n'],
        ['DBE SETDBEAMP prova x\r\n', null],
        probe,
      ],
    ],
    [
      'modes',
      [
        ['DBE STOREALLMODE Custom\r\n', 'ACK\r\n'],
        ['DBE MODE BOARD 2 Custom\r\n', 'ACK\r\n'],
        ['DBE STOREALLMODE Custom\r\n', 'ERR DBE writing cfg file\r\n'],
        ['DBE DELETEFILE Custom\r\n', 'ACK\r\n'],
        ['DBE MODE BOARD 2 Custom\r\n', 'ERR DBE CFG file not existing\r\n'],
      ],
    ],
  ])('vector %s', async (_name, steps) => {
    await runSteps(await connectTo(dbesm), steps);
  });

  it('GETSTATUS lists 10 registers and 17 attenuations', async () => {
    const client = await connectTo(dbesm);
    client.send('DBE GETSTATUS BOARD 4\r\n');
    const reply = await client.readUntil('\r\n');
    expect(reply).toMatch(/^ACK\nBOARD 4\n\nREG=\[ (\d+ ){10}\]\n\nATT=\[ (\d+\.\d+ {2}){16}\d+\.\d+ \]\r\n$/);
  });
});

describe('mscu', () => {
  it.each<[string, string, RegExp | string]>([
    ['35', '#getappstatus:1=0\r\n', '?getappstatus:1=0> 0000030D\r\n'],
    ['36', '#getstatus:2=0\r\n', /^\?getstatus:2=0> \d{18},4,FFFF,3,2730\.15,0,-195\r\n$/],
    ['37', '#getpos:3=1\r\n', /^\?getpos:3=1> \d{18},-125,-125,-125,0,0,0\r\n$/],
    ['38', '#setpos:4=1,0,0,0,1,2,3,4,5,6\r\n', '?setpos:4=1,0,0,0,1,2,3,4,5,6\r\n@setpos:4=1,0,0,0,1,2,3,4,5,6\r\n'],
    ['39', '#setpos:5=2,0,0\r\n', '!NAK_setpos:5=2,cannot set the position\r\n!NAK_setpos:5=2,cannot set the position\r\n'],
    ['40', '#getspar:8=0,1250,0\r\n', '?getspar:8=0> 3\r\n'],
    ['40b', '#getspar:8=0,1240,0\r\n', '?getspar:8=0> 10\r\n'],
    ['40c', '#getspar:8=0,1,0\r\n', '?getspar:8=0> 0\r\n'],
    ['41', '#setsdatbitb16:9=1,0x10,1.5\r\n', '@setsdatbitb16:9=1,16,1.5\r\n'],
    ['\\n\\r closer', '#getappstatus:1=3\n\r', '?getappstatus:1=3> 0000030D\r\n'],
  ])('vector %s', async (_name, request, reply) => {
    const client = await connectTo(mscu);
    client.send(request);
    let got = '';
    const lines = typeof reply === 'string' ? reply.split('\r\n').length - 1 : 1;
    for (let i = 0; i < lines; i++) got += await client.readUntil('\r\n');
    if (typeof reply === 'string') expect(got).toBe(reply);
    else expect(got).toMatch(reply);
  });

  it('D-SIMV-41: unknown commands and addresses answer nothing; setpos NAK is one shared flag', async () => {
    const client = await connectTo(mscu);
    // Unknown command, unknown address, a getter with parameters: nothing is sent for any of them.
    client.send('#unknown:1=0\r\n#getpos:1=9\r\n#getpos:1=0,5\r\n$system_setpos_NAK%%%%%');
    await runSteps(client, [
      ['#setpos:1=0,0,0,0,1,2,3\r\n', '!NAK_setpos:1=0,cannot set the position\r\n!NAK_setpos:1=0,cannot set the position\r\n'],
      ['$system_setpos_ACK%%%%%', null],
      ['#setpos:1=3,0,0,0,7\r\n', '?setpos:1=3,0,0,0,7\r\n@setpos:1=3,0,0,0,7\r\n'],
    ]);
    client.send('#getpos:2=3\r\n');
    expect(await client.readUntil('\r\n')).toMatch(/^\?getpos:2=3> \d+,7\r\n$/);
  });

  it('setup makes a servo ready after 3 s of device time', async () => {
    const client = await connectTo(mscu, 0, { clock: createClock({ speed: 200 }) });
    await runSteps(client, [['#setup:1=2\r\n', '?setup:1=2\r\n@setup:1=2\r\n']]);
    client.send('#getstatus:2=2\r\n');
    expect(await client.readUntil('\r\n')).toMatch(/,4,FFFF,1,0\r\n$/);
    // 3000 device ms = 15 real ms at speed 200.
    await vi.waitFor(
      async () => {
        client.send('#getstatus:3=2\r\n');
        expect(await client.readUntil('\r\n')).toMatch(/,4,FFFF,0,0\r\n$/);
      },
      { timeout: 2000, interval: 5 },
    );
  });
});

describe('totalpower', () => {
  it.each<[string, Step[]]>([
    ['42', [['V\n', 'fpga 29.12.2009 simulator, firmware rev.48']]],
    [
      '43',
      [
        ['I B 0 1\n', 'ack\n'],
        ['A 20 B 0 4\n', 'nak 20\n'],
        ['A 1 B 0\n', 'nak\n'],
        ['T 0.5 0.5\n', 'nak\n'],
        ['resume\n', 'nak\n'],
        ['%\n', null],
        ['N 1\n', 'ack\n'],
      ],
    ],
  ])('vector %s', async (_name, steps) => {
    await runSteps(await connectTo(totalpower), steps);
  });

  it('D-SIMV-44: status and E', async () => {
    const client = await connectTo(totalpower);
    client.send('?\n');
    expect(await client.readUntil('\r\n')).toMatch(new RegExp(`^\\d+ \\d+ \\d+ 9047 1000 0 0${' PRIM 7 2000'.repeat(14)}\\r\\n$`));
    client.send('E 5 6\n');
    expect(await client.readUntil('\r\n')).toMatch(/^5, 6, \d+, \d+, \d+\r\n$/);
    client.send('I B 3 2\r');
    await client.read(4);
    client.send('?\r\n');
    expect(await client.readUntil('\r\n')).toMatch(new RegExp(`^\\d+ \\d+ \\d+ 9047 1000 0 0${' BWG 3 1250'.repeat(14)}\\r\\n$`));
  });

  it('X to a port nobody listens on answers nothing and leaves the device unconfigured', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const client = await connectTo(totalpower);
    await runSteps(client, [
      [`X 250 0 0 127.0.0.1 ${port}\n`, null],
      ['resume\n', 'nak\n'],
    ]);
  });

  it('X connects out and resume streams 1000/period samples per packet', async () => {
    const accepted: Socket[] = [];
    const server: Server = createServer((s) => accepted.push(s));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => {
      for (const s of accepted) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    });
    const port = (server.address() as { port: number }).port;
    const client = await connectTo(totalpower, 1, { clock: createClock({ speed: 50 }) });
    await runSteps(client, [[`X 250 0 0 127.0.0.1 ${port}\n`, 'ack\n']]);
    expect(accepted).toHaveLength(1);
    const data = accepted[0]!;
    const chunks: Buffer[] = [];
    data.on('data', (c: Buffer) => chunks.push(c));
    await runSteps(client, [['resume\n', 'ack\n']]);
    // 4 samples x (4 + 2 + 2 + 4 channels x 4) bytes per packet.
    const packetBytes = 4 * (8 + 4 * 4);
    await vi.waitFor(() => expect(Buffer.concat(chunks).length).toBeGreaterThanOrEqual(2 * packetBytes), { timeout: 2000 });
    const bytes = Buffer.concat(chunks);
    expect([0, 1, 2, 3, 4].map((i) => bytes.readUInt16LE(i * 24 + 4))).toEqual([0, 1, 2, 3, 4]);
    expect(bytes.subarray(6, 8)).toEqual(Buffer.from([0x47, 0x90])); // first packet: toggle 0
    expect(bytes.subarray(4 * 24 + 6, 4 * 24 + 8)).toEqual(Buffer.from([0x4f, 0xa0])); // second: toggle 1
    await runSteps(client, [['stop\n', 'ack\n']]);
  });
});
