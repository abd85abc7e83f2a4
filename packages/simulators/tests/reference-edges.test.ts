import { describe, expect, it } from 'vitest';
import {
  CalmuxSystem,
  createClock,
  DbesmSystem,
  GaiaSystem,
  GenericLoSystem,
  Ifd14System,
  IfdSystem,
  MscuSystem,
  SolarAttenuatorSystem,
  SwitchMatrixSystem,
  WLoSystem,
  type System,
} from '../src/index.js';

// Edge cases of the reference devices (float arguments, repeated separators, long messages, state carried
// between commands), checked byte for byte against the reference's behaviour. '' = nothing sent.
// `{ticks}` stands for the time in 100-ns ticks.

const clock = createClock();

/** Feeds each request to one parser of `system` and collects what it answers. */
async function exchange(system: System, requests: readonly string[]): Promise<string[]> {
  const parser = system.createParser!();
  const replies: string[] = [];
  for (const request of requests) {
    let reply = '';
    for (const byte of Buffer.from(request, 'latin1')) {
      let result: unknown;
      try {
        result = await parser.parse(byte);
      } catch {
        result = undefined; // DeviceError (or a device bug): nothing is sent
      }
      if (typeof result === 'string') reply += result;
    }
    replies.push(reply.replace(/> \d{17,19}/g, '> {ticks}'));
  }
  system.dispose?.();
  return replies;
}

describe('reference edge cases', () => {
  it.each<[string, () => System, Array<[string, string]>]>([
    [
      'calmux',
      () => new CalmuxSystem(clock),
      [
        ['I +3 1\n', 'ack\n'],
        ['?\n', '3 1 0\n'],
        ['I  3 1\n', 'nak\n'],
        ['F 0\n', '0 0 0'],
        ['I 16 1\n', 'ack\n'],
        ['?\r', '16 1 0\n'],
      ],
    ],
    [
      'IFD',
      () => new IfdSystem(),
      [
        ['? 1.0\n', 'ack\n1, 1, 0, 65535, 65535, 255, 255, 255, 255, 0, -1, -1\n'],
        ['B 1 1.0\n', ''],
        ['S 0 10.0 2300 1\n', ''],
        ['? 0\n', 'ack\n0, 0, 2, 10, 2300, 255, 255, 255, 255, 0, 1, 0\n'],
        ['A 5 1.0 3\n', ''],
        ['I 2 1\n', 'ack\n'],
        ['? 2\n', 'ack\n2, 2, 1, 65535, 65535, 255, 255, 255, 255, 4, -1, -1\n'],
        ['A 5 3 31.5\n', 'ack\n'],
        ['? 5\n', 'ack\n5, 5, 5, 10, 2300, 63, 63, 63, 63, 0, 1, 0\n'],
      ],
    ],
    [
      'IFD_14',
      () => new Ifd14System(),
      [
        ['#ATT 05 126\n', ''],
        ['#ATT 05?\n', '#31.5\n'],
        ['#ATT 05 127\n', ''],
        ['#SWT 00 002\n', ''],
        ['#SWT 00?\n', '#0\n'],
        ['#*IDN?\n', 'SRT IF Distributor Simulator 1.0'],
      ],
    ],
    [
      'generic_LO',
      () => new GenericLoSystem(),
      [
        ['FREQ -2.5 MHZ;FREQ?\n', '-2000000\n'],
        ['POWER?;BOGUS;SYST:ERR?\n', '0;0,"No error"\n'],
        ['POWER +7 dBm\n', ''],
        ['POWER?\r\n', '7\n'],
      ],
    ],
    [
      'w_LO',
      () => new WLoSystem(),
      [
        ['set W_LO_RefH=5\r\n', 'ACK\r\n'],
        ['get W_LO_RefH\r\n', ''],
        ['set LO_att_PolV=1e400\r\n', 'ACK\r\n'],
        ['get LO_att_PolV\r\n', 'infdB\r\n'],
        ['set W_LO_RefV=ext\r\n', 'ACK\r\n'],
        ['get W_LO_RefV\r\n', 'Ext.\r\n'],
      ],
    ],
    [
      'switch',
      () => new SwitchMatrixSystem(),
      [
        ['set IF_switch_config=5\r\n', 'ACK\r\n'],
        ['get IF_switch_config\r\n', ''],
        ['set IF_switch_config=2;get IF_switch_config\r\n', 'ACK\r\n'],
        ['get IF_switch_config;get IF_switch_config\r\n', '2:VBS\r\n;2:VBS\r\n'],
      ],
    ],
    [
      'solar',
      () => new SolarAttenuatorSystem(),
      [
        ['set W_passthrough\n', 'ACK\r\n'],
        ['get  W_mode  extra\r\n', 'Pass-through\r\n'],
      ],
    ],
    [
      'gaia',
      () => new GaiaSystem(),
      [
        ['#SETD 1 1 1 1 5\n', "#ERROR(1015)[ERROR_TOO_MANY_ARGS](b'4552524f525f544f4f5f4d414e595f41524753') 5\n"],
        ['#GETREF 3 1\n', "#ERROR(1003)[ERROR_FIRST_ARG_OUT_OF_RANGE](b'4552524f525f46495253545f4152475f4f55545f4f465f52414e4745') 1\n"],
        ['#*IDN?\n', '#GAIA Simulator Rev. 1.0.0 / 2022.02.08.1 *IDN?\n'],
        ['#SETG x 1 2\n', "#ERROR(1002)[ERROR_FIRST_ARG_NOT_NUMBER](b'4552524f525f46495253545f4152475f4e4f545f4e554d424552') 2\n"],
        ['#SETG 1 x 2\n', "#ERROR(1009)[ERROR_SECOND_ARG_NOT_NUMBER](b'4552524f525f5345434f4e445f4152475f4e4f545f4e554d424552') 2\n"],
        ['#\n', "#ERROR(1000)[ERROR_ARGS_NOT_VALID](b'4552524f525f415247535f4e4f545f56414c4944') 2\n"],
        ['#SETG 2 7 9\n', '#2 9\n'],
        ['#GETVG 2 4\n', '#7 4\n'],
      ],
    ],
    [
      'dbesm',
      () => new DbesmSystem(),
      [
        ['DBE SETALLMODE  MFS_7\r\n', 'NAK unknown command\r\n'],
        ['DBE SETBPF 1aa BOARD 1 VALUE 1\r\n', 'NAK unknown command\r\n'],
        ['DBE SETBPF x1 BOARD 1 VALUE 1\r\n', 'NAK unknown command\r\n'],
        ['DBE SETBPF 1c BOARD 1 VALUE 1\r\n', 'ERR DBE BPF 1c not existing\r\n'],
        ['DBE SETBPF 12 BOARD 1 VALUE 1\r\n', 'ERR DBE BPF 12 not existing\r\n'],
        ['DBE SETSTATUS BOARD 2 VALUE 2\r\n', 'ACK\r\n'],
        ['DBE ReadDIAG BOARD 2\r\n', 'ACK\nBOARD 2\n\n5V 0.0 3V3 0.01\ntemp sensor not present\r\n'],
        ['DBE SETDBEBPF prova 1\r\n', 'DBE prova BOARD 1 ACK\nDBE prova BOARD 2 ACK\nDBE prova BOARD 3 ACK\r\n'],
        [
          'DBE GETDBEBPF prova\r\n',
          'ACK prova BOARD 1 BPF 5 VALUE 1.0\nACK prova BOARD 2 BPF 5 VALUE 1.0\nACK prova BOARD 3 BPF 6 VALUE 1.0\r\n',
        ],
        ['FBCB GETCFG\r\n', 'NAK unknown command\r\n'],
      ],
    ],
    [
      'mscu',
      () => new MscuSystem(clock),
      [
        ['#clean:1=0\r\n', '?clean:1=0\r\n@clean:1=0\r\n'],
        ['#getpos:2=0\r\n', '?getpos:2=0> {ticks},0,0,0\r\n'],
        ['#stow:3=0,1.50\r\n', '?stow:3=0,1.5\r\n@stow:3=0,1.5\r\n'],
        ['#getpos:4=0\r\n', '?getpos:4=0> {ticks},2730.15,0,-195\r\n'],
        ['#setsdatbitb16:5=1,0x1F,-3\r\n', '@setsdatbitb16:5=1,31,-3\r\n'],
        ['#getspar:6=0,1250.0,0\r\n', '?getspar:6=0> 3\r\n'],
      ],
    ],
  ])('%s', async (_name, make, pairs) => {
    const replies = await exchange(
      make(),
      pairs.map(([request]) => request)
    );
    expect(replies).toEqual(pairs.map(([, reply]) => reply));
  });
});
