import { afterEach, describe, expect, it } from 'vitest';
import {
  calmux,
  dbesm,
  gaia,
  ifDistributor,
  lo,
  minorServos,
  mscu,
  totalpower,
  weatherStation,
} from '../src/index.js';
import { udpExchange } from '@observatory/test-utils';
import { runSteps, type Step } from './helpers/vectors.js';
import { SimulatorScope } from './helpers/wire.js';

// Issue 21: the reference devices read numbers with Python's int()/float() (unbounded ints, `_` between digits) and
// split/strip with Python's whitespace (which includes \x1c-\x1f, \x85 and \xa0). Each vector gives the reference's bytes.

const scope = new SimulatorScope();
afterEach(() => scope.closeAll());

describe('lo (generic_LO): integers of any size, Python whitespace', () => {
  it.each<[string, Step[]]>([
    ['POWER beyond 2^53 keeps every digit', [['POWER 9007199254740993 dBm\n', null], ['POWER?\n', '9007199254740993\n']]],
    ['POWER of 21 digits is no 1e+21', [['POWER 999999999999999999999 dBm\n', null], ['POWER?\n', '999999999999999999999\n']]],
    ['negative big POWER', [['POWER -123456789012345678901234567890 dBm\n', null], ['POWER?\n', '-123456789012345678901234567890\n']]],
    ['\\x1c is whitespace to split()', [['POWER 5\x1c dBm\n', null], ['POWER?\n', '5\n']]],
    ['\\x85, \\xa0 and \\x1f separate words', [['POWER\x857\xa0dBm\x1f\n', null], ['POWER?\n', '7\n']]],
    ['underscores between digits', [['POWER 1_000 dBm\n', null], ['POWER?\n', '1000\n']]],
    ['FREQ beyond 2^53', [['FREQ 123456789012345678 MHZ\n', null], ['FREQ?\n', '123456789012345680000000\n']]],
  ])('%s', async (_name, steps) => {
    await runSteps(await scope.connectTo(lo), steps);
  });
});

describe('totalpower: integers of any size, Python whitespace', () => {
  it('E echoes a 21-digit integer as digits', async () => {
    const client = await scope.connectTo(totalpower);
    client.send('E 999999999999999999999 0\n');
    expect(await client.readUntil('\r\n')).toMatch(/^999999999999999999999, 0, \d+, \d+, \d+\r\n$/);
    client.send('E 9007199254740993 -1\n');
    expect(await client.readUntil('\r\n')).toMatch(/^9007199254740993, -1, \d+, \d+, \d+\r\n$/);
  });

  it('T with a 21-digit integer replies, the shifted seconds printed in full', async () => {
    const client = await scope.connectTo(totalpower);
    client.send('T 999999999999999999999 0\n');
    // int() of a float of magnitude ~1e21 prints all its digits, never 1e+21.
    expect(await client.readUntil('\r\n')).toMatch(/^999999999999999999999, 0, \d+, \d+, -\d{21}\r\n$/);
  });

  it.each<[string, Step[]]>([
    ['\\x1cV is V after strip()', [['\x1cV\n', 'fpga 29.12.2009 simulator, firmware rev.48']]],
    ['arguments are stripped with Python whitespace', [['N 1\x1f\n', 'ack\n'], ['I B 0 1\x85\n', 'ack\n'], ['Z\xa00\n', null], ['M 0\x1d\n', 'ack\n']]],
    ['A with a huge board number', [['A 99999999999999999999 B 0 4\n', 'nak 99999999999999999999\n']]],
    ['S keeps a big sample period', [['S 123456789012345678901\n', 'ack\n']]],
  ])('%s', async (_name, steps) => {
    await runSteps(await scope.connectTo(totalpower), steps);
  });

  it('a big sample period shows in the status line', async () => {
    const client = await scope.connectTo(totalpower);
    await runSteps(client, [['S 123456789012345678901\n', 'ack\n']]);
    client.send('?\n');
    expect(await client.readUntil('\r\n')).toMatch(/^\d+ \d+ \d+ 9047 123456789012345678901 0 0 PRIM/);
  });
});

describe('calmux, IFD: Python strip() of each argument', () => {
  it.each<[string, Step[]]>([
    ['C 1\\x1c is C 1', [['C 1\x1c\n', 'ack\n'], ['I 16 1\n', 'ack\n'], ['?\n', '16 1 1\n']]],
    ['?\\x1c is ?', [['?\x1c\n', '16 0 0\n']]],
    ['I 3\\x851', [['I 3\x85\n', 'nak\n'], ['I 3 \xa01\n', 'ack\n'], ['?\n', '3 1 0\n']]],
    ['int() inside a word still fails', [['I 3\x1f1\n', 'nak\n']]],
  ])('calmux: %s', async (_name, steps) => {
    await runSteps(await scope.connectTo(calmux), steps);
  });

  it.each<[string, Step[]]>([
    ['? 0\\x1f', [['? 0\x1f\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n']]],
    ['? \\x850', [['? \x850\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n']]],
    ['A with \\x1c around the value', [['A 5 0 25.5\x1c\n', 'ack\n'], ['? 5\n', 'ack\n5, 5, 5, 10, 2300, 51, 63, 63, 63, 0, 1, 0\n']]],
  ])('IFD: %s', async (_name, steps) => {
    await runSteps(await scope.connectTo(ifDistributor), steps);
  });

  it('IFD_14: split() separates on \\x1c', async () => {
    await runSteps(await scope.connectTo(ifDistributor, 1), [
      ['#ATT 5\x1c100\n', null],
      ['#ATT 05?\n', '#25.0\n'],
    ]);
  });
});

describe('mscu: stripped parameters, hex and decimal ints of any size', () => {
  it.each<[string, string, string]>([
    ['\\x1c after a parameter', '#getspar:1=0,1250\x1c,0\r\n', '?getspar:1=0> 3\r\n'],
    ['\\x85 and \\xa0 around parameters', '#getspar:1=\x850,\xa01250,0\r\n', '?getspar:1=0> 3\r\n'],
    ['a space after the command number', '#getspar:1 =0,1250,0\r\n', '?getspar:1=0> 3\r\n'],
    ['a hex parameter beyond 2^53', '#setsdatbitb16:9=1,0xffffffffffffffffff,1.5\r\n', '@setsdatbitb16:9=1,4722366482869645213695,1.5\r\n'],
    ['a decimal parameter beyond 2^53', '#setsdatbitb16:9=1,99999999999999999999,2\r\n', '@setsdatbitb16:9=1,99999999999999999999,2\r\n'],
    ['a command number beyond 2^53', '#getappstatus:12345678901234567890=0\r\n', '?getappstatus:12345678901234567890=0> 0000030D\r\n'],
  ])('%s', async (_name, request, reply) => {
    const client = await scope.connectTo(mscu);
    client.send(request);
    let got = '';
    for (let i = 0; i < reply.split('\r\n').length - 1; i++) got += await client.readUntil('\r\n');
    expect(got).toBe(reply);
  });

  it('int() rejects \\x1c in the command number: nothing is sent', async () => {
    const client = await scope.connectTo(mscu);
    client.send('#getspar:1\x1c=0,1250,0\r\n');
    client.send('#getappstatus:2=0\r\n');
    expect(await client.readUntil('\r\n')).toBe('?getappstatus:2=0> 0000030D\r\n');
  });
});

describe('dbesm: Python strip() of each argument', () => {
  it.each<[string, Step[]]>([
    [
      'GETCOMP BOARD 2\\x1c',
      [['DBE GETCOMP BOARD 2\x1c\r\n', 'ACK\nBOARD 2\n\nAMP=[ 1 0 0 0 0 0 1 1 1 1 ]\nEQ=[ 1 0 0 0 0 0 1 1 1 1 ]\nBPF=[ 1 0 0 0 0 0 0 1 1 1 1 ]\r\n']],
    ],
    ['\\x85 before DBE', [['\x85DBE GETFIRM BOARD 1\r\n', 'ACK\nBOARD 0 Prog=DBESM, Rev=rev 0.116_NEW_win\r\n']]],
    ['a board number beyond 2^53', [['DBE GETCOMP BOARD 99999999999999999999\r\n', 'ERR DBE BOARD 99999999999999999999 not existing\r\n']]],
  ])('%s', async (_name, steps) => {
    await runSteps(await scope.connectTo(dbesm), steps);
  });
});

describe('gaia, weather_station (UDP): Python split()', () => {
  it('gaia: \\x1c separates the id', async () => {
    const sim = await scope.start(gaia);
    expect(await udpExchange(sim.row.ports.listen!, '#*IDN?\x1c7\n')).toEqual(['#GAIA Simulator Rev. 1.0.0 / 2022.02.08.1 7\n']);
  });

  it('weather_station: \\x1f and \\xa0 separate words', async () => {
    const sim = await scope.start(weatherStation);
    const [reply] = await udpExchange(sim.row.ports.listen!, 'w ta01\x1f21.5\xa020250101120000');
    expect(reply).toBe('<Sensor><Id>ta01</Id><Val>21.500000</Val><Date>20250101120000</Date><Info>air temp [oC]</Info></Sensor>');
  });
});

describe('minor_servos: Python strip() of each argument', () => {
  it('\\x1c around STOW arguments, underscores and big ints', async () => {
    const client = await scope.connectTo(minorServos);
    await runSteps(client, [
      ['STOW=GREGORIAN_CAP,99999999999999999999\r\n', 'OUTPUT:BAD\r\n'],
      ['STOW=GREGORIAN_CAP\x1c,5\r\n', 'OUTPUT:BAD\r\n'],
    ]);
    client.send('STOW=M3R,1_0\x1c\r\n');
    expect(await client.readUntil('\r\n')).toMatch(/^OUTPUT:GOOD,\d+\.\d{6}\r\n$/);
  });
});
