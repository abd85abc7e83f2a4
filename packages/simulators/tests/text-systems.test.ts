import { afterEach, describe, expect, it } from 'vitest';
import { TcpTestClient, udpExchange } from '@observatory/test-utils';
import { calmux, formatCompactUtc, gaia, ifDistributor, lo, solarAttenuator, switchMatrix, weatherStation, createClock, ManualClock, type RunningSimulator, type SimulatorModule, type StartSimulatorOptions } from '../src/index.js';
import { runSteps, type Step } from './helpers/vectors.js';
import { startTest, udpSilentThen } from './helpers/wire.js';

const running: RunningSimulator[] = [];
const clients: TcpTestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(module: SimulatorModule, options?: StartSimulatorOptions): Promise<RunningSimulator> {
  const sim = await startTest(module, options);
  running.push(sim);
  return sim;
}

/** A fresh simulator and one connection to row `row`, then the steps. */
async function sequence(module: SimulatorModule, steps: readonly Step[], row = 0): Promise<void> {
  const sim = await start(module);
  const client = await TcpTestClient.connect(sim.rows[row]!.ports.listen!);
  clients.push(client);
  await runSteps(client, steps);
}

describe('calmux', () => {
  it.each<[string, Step[]]>([
    ['1: status and input', [['?\n', '16 0 0\n'], ['I 3 1\n', 'ack\n'], ['?\n', '3 1 0\n']]],
    ['2: calibration', [['C 1\n', 'ack\n'], ['I 16 1\n', 'ack\n'], ['?\n', '16 1 1\n']]],
    ['3: frequency', [['F 10\n', '0 0 0']]],
    [
      '4: bad commands',
      [
        ['I 1\n', 'nak\n'],
        ['? 5\n', 'nak\n'],
        ['C ONE\n', 'nak\n'],
        ['F 6000\n', 'nak\n'],
        ['I 50 0\n', 'nak\n'],
        ['I 0 2\n', 'nak\n'],
        ['I 16 10\n', null],
        ['?\n', '16 0 0\n'],
      ],
    ],
    ['CR ends a command too', [['?\r', '16 0 0\n']]],
  ])('vector %s', async (_name, steps) => {
    await sequence(calmux, steps);
  });

  it('F waits on the injected clock', async () => {
    const sim = await start(calmux, { clock: createClock({ speed: 1000 }) });
    const client = await TcpTestClient.connect(sim.row.ports.listen!);
    clients.push(client);
    // 5000 simulated ms are 5 real ms here.
    await runSteps(client, [['F 5000\n', '0 0 0'], ['?\n', '16 0 0\n']]);
  });
});

describe('IFD (12000)', () => {
  it.each<[string, Step[]]>([
    ['5', [['? 0\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n']]],
    ['6', [['? 1\n', 'ack\n1, 1, 0, 65535, 65535, 255, 255, 255, 255, 0, -1, -1\n']]],
    ['7', [['? 2\n', 'ack\n2, 2, 1, 65535, 65535, 255, 255, 255, 255, 2, -1, -1\n']]],
    ['8', [['? 5\n', 'ack\n5, 5, 5, 10, 2300, 63, 63, 63, 63, 0, 1, 0\n']]],
    ['9', [['S 0 10 2300 1\n', 'ack\n'], ['S 2 10 2300 1\n', 'nak\n']]],
    [
      '10',
      [
        ['B 1 3\n', 'ack\n'],
        ['? 1\n', 'ack\n1, 1, 0, 65535, 65535, 255, 255, 255, 255, 24, -1, -1\n'],
        ['A 5 0 25.5\n', 'ack\n'],
        ['? 5\n', 'ack\n5, 5, 5, 10, 2300, 51, 63, 63, 63, 0, 1, 0\n'],
      ],
    ],
    [
      '11',
      [
        ['A 1 0 3\n', 'nak\n'],
        ['A 5 0 50\n', 'nak\n'],
        ['??? 0\n', 'nak\n'],
        ['? 50\n', null],
        ['? ONE\n', null],
        ['S 0 100 2300 1\n', null],
        ['? 3\n', 'ack\n3, 3, 3, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n'],
      ],
    ],
    ['S updates the LO fields', [['S 0 10 2400 1\n', 'ack\n'], ['? 0\n', 'ack\n0, 0, 2, 10, 2400, 255, 255, 255, 255, 8, 0, 1\n']]],
  ])('vector %s', async (_name, steps) => {
    await sequence(ifDistributor, steps);
  });
});

describe('IFD_14 (12001)', () => {
  it.each<[string, Step[]]>([
    ['12', [['#ATT 00?\n', '#31.75\n'], ['#ATT 05 100\n', null], ['#ATT 05?\n', '#25.0\n'], ['#*RST\n', null], ['#ATT 05?\n', '#31.75\n']]],
    ['13', [['#SWT 00?\n', '#0\n'], ['#SWT 00 001\n', null], ['#SWT 00?\n', '#1\n']]],
    ['14', [['#*IDN?\n', 'SRT IF Distributor Simulator 1.0'], ['#abcdefg\n', '#COMMAND UNKNOWN\n']]],
    ['bad setters are dropped', [['#ATT 99 1\n', null], ['#ATT 00 999\n', null], ['#XYZ 00 1\n', null], ['#ATT 00?\n', '#31.75\n']]],
  ])('vector %s', async (_name, steps) => {
    await sequence(ifDistributor, steps, 1);
  });

  it('runs IFD_14 on every row with -t', async () => {
    const sim = await start(ifDistributor, { type: 'IFD_14_channels' });
    const client = await TcpTestClient.connect(sim.rows[0]!.ports.listen!);
    clients.push(client);
    await runSteps(client, [['#ATT 00?\n', '#31.75\n']]);
  });
});

describe('lo', () => {
  it.each<[string, Step[], number]>([
    ['15', [['POWER?\n', '0\n'], ['POWER 13 dBm\n', null], ['POWER?\n', '13\n'], ['FREQ 10 MHz\n', null], ['FREQ?\n', '0\n']], 0],
    ['16', [['FREQ 8234.5 MHZ;FREQ?\n', '8234000000\n']], 2],
    ['17', [['OUTP:STAT ON;OUTP:STAT?;SYST:ERR?\n', '1;0,"No error"\n']], 6],
    ['18', [['enable USB_devs\r\n', 'ACK\r\n'], ['set W_LO_freq_PolH=12.23\r\n', 'ACK\r\n'], ['get W_LO_PolH\r\n', '12.23MHz\r\n']], 3],
    [
      '19',
      [
        ['set W_LO_freq_PolH=12.23\r\n', 'ACK\r\n'],
        ['set W_LO_freq_PolV=31.82\r\nget W_LO_Pols\r\n', 'ACK\r\n12.23MHz,31.82MHz\r\n'],
      ],
      3,
    ],
    ['20', [['get W_LO_HKP_Temp\r\n', '+0.0C,+0.0C+0.0C+0.0C\r\n'], ['get W_LO_Synths_Temp\r\n', '0.0C,0.0C\r\n']], 3],
    ['21', [['set W_LO_RefH=INT\r\n', 'ACK\r\n'], ['get W_LO_RefH\r\n', 'Int.\r\n'], ['get W_LO_status\r\n', '0,0\r\n']], 3],
    ['22', [['set LO_att_PolH=9.22\r\n', 'ACK\r\n'], ['get LO_atts\r\n', '9.22dB,0.0dB\r\n']], 3],
  ])('vector %s', async (_name, steps, row) => {
    await sequence(lo, steps, row);
  });
});

describe('solar_attenuator and switch_matrix', () => {
  it('23-24: solar attenuator modes', async () => {
    await sequence(solarAttenuator, [
      ['get W_mode\r\n', '\r\n'],
      ['set W_cal\r\n', 'ACK\r\n'],
      ['get W_mode\r\n', 'Calibrator\r\n'],
      ['set W_home;get W_mode\r\n', 'ACK\r\n;Calibrator\r\n'],
      ['set W_solar_attn;get W_mode\r\n', 'ACK\r\n;Attenuator\r\n'],
      ['nonsense command\r\n', null],
      ['set W_passthrough;get W_mode\r\n', 'ACK\r\n;Pass-through\r\n'],
    ]);
  });

  it('D-SIMV-25: switch matrix configurations', async () => {
    await sequence(switchMatrix, [
      ['get IF_switch_config\r\n', '1:HBS\r\n'],
      ['set IF_switch_config=3\r\n', 'ACK\r\n'],
      ['get IF_switch_config\r\n', '3:LBP\r\n'],
      ['set IF_switch_config=x\r\n', null],
      ['set IF_switch_config=4\r\n', 'ACK\r\n'],
      ['get IF_switch_config\r\n', '4:UBP\r\n'],
    ]);
  });
});

describe('weather_station (UDP)', () => {
  it('26-29: read, write, errors and silence', async () => {
    // A manual clock: a real one could cross a second between our date and the simulator's start date.
    const clock = new ManualClock(Date.UTC(2025, 5, 1, 12, 0, 0));
    const startDate = formatCompactUtc(clock.nowMicros());
    const sim = await start(weatherStation, { clock });
    const port = sim.row.ports.listen!;
    const sensor = (id: string, val: string, date: string, info: string) =>
      `<Sensor><Id>${id}</Id><Val>${val}</Val><Date>${date}</Date><Info>${info}</Info></Sensor>`;
    expect(await udpExchange(port, 'r ta01')).toEqual([sensor('ta01', '23.000000', startDate, 'air temp [oC]')]);
    expect(await udpExchange(port, 'w ta01 21.5 20250101120000')).toEqual([sensor('ta01', '21.500000', '20250101120000', 'air temp [oC]')]);
    expect(await udpExchange(port, 'w ta01 wrong 20250101120001')).toEqual([sensor('ta01', '0.000000', '20250101120001', 'air temp [oC]')]);
    expect(await udpExchange(port, 'r unkn')).toEqual([
      '<Sensor><Id>sintax error or sensor not found</Id><Val>1.000000</Val><Date>error</Date><Info>error</Info></Sensor>',
    ]);
    expect(await udpExchange(port, 'r rp01')).toEqual([sensor('rp01', '-9999.900000', '#', 'rain peak duration [s]')]);
    for (const silent of ['w ta01', 'r ta01 1 d', 'x ta01']) {
      expect(await udpSilentThen(port, silent, 'r pa01')).toEqual([sensor('pa01', '940.900000', startDate, 'air pressure [hPa]')]);
    }
  });
});

describe('gaia (UDP)', () => {
  const hexOf = (s: string) => Buffer.from(s).toString('hex');
  it.each<[string, string, string]>([
    ['30', '#*IDN? 7\n', '#GAIA Simulator Rev. 1.0.0 / 2022.02.08.1 7\n'],
    ['30b', '#NAME? 42', '#GAIASIMBOARD 42\n'],
    ['31', '#SETD 3 512 8\n', '#3 8\n'],
    ['31c', '#LOADCONF 5 3\n', '#5 3\n'],
    ['32', '#GETREF 1 1\n', '#2.5 1\n'],
    ['32b', '#GETREF 2 1\n', '#5 1\n'],
    ['33', '#FOO 1\n', `#ERROR(1001)[ERROR_COMMAND_UNKNOWN](b'${hexOf('ERROR_COMMAND_UNKNOWN')}') 1\n`],
    ['34', '#SETD 1 5000 2\n', `#ERROR(1010)[ERROR_SECOND_ARG_OUT_OF_RANGE](b'${hexOf('ERROR_SECOND_ARG_OUT_OF_RANGE')}') 2\n`],
    ['34b', '#SETD 1\n', `#ERROR(1004)[ERROR_NO_ARGS](b'${hexOf('ERROR_NO_ARGS')}') 1\n`],
  ])('vector %s', async (_name, request, reply) => {
    const sim = await start(gaia);
    expect(await udpExchange(sim.row.ports.listen!, request)).toEqual([reply]);
  });

  it('D-SIMV-31: GETVD reads what SETD wrote; GETEMP is 30..36', async () => {
    const sim = await start(gaia);
    const port = sim.row.ports.listen!;
    await udpExchange(port, '#SETD 3 512 8\n');
    expect(await udpExchange(port, '#GETVD 3 9\n')).toEqual(['#512 9\n']);
    const [temp] = await udpExchange(port, '#GETEMP 1 4\n');
    expect(temp).toMatch(/^#3[0-6] 4\n$/);
    expect(await udpSilentThen(port, 'no header', '#CONF? 5')).toEqual(['#0 5\n']);
  });
});
