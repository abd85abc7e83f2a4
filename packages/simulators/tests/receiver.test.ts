import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { ManualClock, DeviceError } from '../src/framework/index.js';
import { RECEIVER_ROWS, ReceiverSystem, receiver, xorChecksum, type ReceiverBoard } from '../src/systems/receiver/index.js';
import { hex, startRows, toHex } from './acu-helpers.js';

const zeros = (n: number) => Array(n).fill('00').join(' ');
const rowOf = (port: number) => RECEIVER_ROWS.findIndex((r) => r.listen === port);

async function withPort(port: number, fn: (client: TcpTestClient) => Promise<void>): Promise<void> {
  const sim = await startRows(receiver, [rowOf(port)]);
  const client = await TcpTestClient.connect(sim.row.ports.listen as number);
  try {
    await fn(client);
  } finally {
    await client.close();
    await sim.close();
  }
}

const PROBE = '01 01 01 63 07';
const PROBE_REPLY = `02 01 01 63 07 00 08 ${zeros(8)}`;

describe('receiver conformance vectors (real sockets, C Dewar 12900)', () => {
  const vectors: [string, string, string][] = [
    ['62 abbreviated inquiry', '01 01 01 61 00', `02 01 01 61 00 00 0b ${zeros(11)}`],
    ['63 extended inquiry', '01 01 01 41 00 40 04', `02 01 01 41 00 00 0b ${zeros(11)} 48 04`],
    ['63 bad checksum', '01 01 01 41 00 41 04', '02 01 01 41 00 02 41 04'],
    ['64 version', '01 01 01 63 07', `02 01 01 63 07 00 08 ${zeros(8)}`],
    ['64 unknown command', '01 01 01 51 00', '02 01 01 51 00 01'],
    ['65 dewar vacuum pump', '01 01 01 6e 08 03 03 04 05', '02 01 01 6e 08 00 04 03 04 05 01'],
    ['65 dewar set data', '01 01 01 6f 09 04 03 04 00 01', '02 01 01 6f 09 00'],
    ['66 AD24 f32', '01 01 01 6e 0b 03 18 08 00', `02 01 01 6e 0b 00 23 18 08 00 ${zeros(32)}`],
    ['67 extended get address', '01 01 01 46 00 47 04', '02 01 01 46 00 00 01 01 44 04'],
    ['68 broadcast with answer', '01 7f 01 66 00', '02 01 01 66 00 00 01 01'],
    ['69 frame size 7f', '01 01 01 6b 08 01 7f', '02 01 01 6b 08 08'],
    ['69 port number 99', '01 01 01 6c 09 03 03 04 99', '02 01 01 6c 09 0b'],
  ];

  it.each(vectors)('%s: %s -> %s', async (_name, request, reply) => {
    await withPort(12900, async (client) => {
      client.send(hex(request));
      expect(toHex(await client.read(hex(reply).length))).toBe(reply);
    });
  });

  it('68 silent broadcast and absent slaves send nothing', async () => {
    await withPort(12900, async (client) => {
      for (const silent of ['01 00 01 66 00', '01 05 01 66 00', '01 05 01 46 00 42 04']) {
        client.send(hex(silent));
        client.send(hex(PROBE));
        expect(toHex(await client.read(hex(PROBE_REPLY).length))).toBe(PROBE_REPLY);
      }
    });
  });

  it('answers from slave 7D on the LP LNA port (12905)', async () => {
    await withPort(12905, async (client) => {
      client.send(hex('01 7d 01 66 00'));
      expect(toHex(await client.read(8))).toBe('02 01 7d 66 00 00 01 7d');
    });
  });

  it('serves every board port of the catalogue', async () => {
    const sim = await startRows(receiver, [...RECEIVER_ROWS.keys()]);
    try {
      expect(RECEIVER_ROWS.map((r) => r.listen)).toEqual(Array.from({ length: 14 }, (_, i) => 12900 + i));
      for (const [i, row] of sim.rows.entries()) {
        const client = await TcpTestClient.connect(row.ports.listen as number);
        try {
          const address = i === 5 ? '7d' : '01';
          client.send(hex(`01 ${address} 01 63 07`));
          expect(toHex(await client.read(15))).toBe(`02 01 ${address} 63 07 00 08 ${zeros(8)}`);
        } finally {
          await client.close();
        }
      }
    } finally {
      await sim.close();
    }
  });

  it('survives random bytes on one connection while another keeps working', async () => {
    const sim = await startRows(receiver, [rowOf(12901)]);
    const port = sim.row.ports.listen as number;
    const noisy = await TcpTestClient.connect(port);
    const other = await TcpTestClient.connect(port);
    try {
      for (const chunk of fc.sample(fc.uint8Array({ minLength: 1, maxLength: 80 }), { seed: 3, numRuns: 300 })) noisy.send(chunk);
      other.send(hex(PROBE));
      expect(toHex(await other.read(15))).toBe(PROBE_REPLY);
    } finally {
      await noisy.close();
      await other.close();
      await sim.close();
    }
  });
});

/** An in-process board for detailed command coverage (both frame forms). */
function board(type: ReceiverBoard, extra: { minIndex?: number; maxIndex?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 670));
  const system = new ReceiverSystem({ clock, board: type, ...extra });
  const send = (bytes: number[], extended = false): string => {
    const frame = extended ? [...bytes, xorChecksum(bytes), 0x04] : bytes;
    const parser = system.createParser();
    let result: unknown;
    for (const b of frame) result = parser.parse(b);
    return typeof result === 'boolean' ? String(result) : toHex(result as Uint8Array);
  };
  /** Abbreviated command `cmd` (0x61..0x6F) with parameters. */
  const abbr = (cmd: number, params: number[] = [], slave = 1, id = 1) => send([0x01, slave, 0x01, cmd, id, ...(params.length ? [params.length, ...params] : [])]);
  const ext = (cmd: number, params: number[] = [], slave = 1, id = 1) =>
    send([0x01, slave, 0x01, cmd, id, ...(params.length ? [params.length, ...params] : [])], true);
  return { clock, system, send, abbr, ext };
}

describe('receiver boards (injected clock)', () => {
  it('inquiry reports the last command, id, answer and time; reset clears it', () => {
    const b = board('Slave');
    expect(b.abbr(0x6b, [0x40], 1, 0x22)).toBe('02 01 01 6b 22 00');
    expect(b.abbr(0x61)).toBe('02 01 01 61 01 00 0b 6b 22 00 14 1a 01 02 03 04 05 43');
    expect(b.abbr(0x62)).toBe('02 01 01 62 01 00');
    expect(b.abbr(0x61)).toBe(`02 01 01 61 01 00 0b ${zeros(11)}`);
    expect(b.ext(0x44)).toMatch(/^02 01 01 44 01 00 .. 04$/);
    expect(b.ext(0x45)).toMatch(/^02 01 01 45 01 00 .. 04$/);
  });

  it('gets and sets the time with an offset, refusing bad formats and impossible dates', () => {
    const b = board('Slave');
    expect(b.abbr(0x68)).toBe('02 01 01 68 01 00 08 14 1a 01 02 03 04 05 43');
    expect(b.abbr(0x69, [20, 25, 12, 31, 23, 59, 58, 50])).toBe('02 01 01 69 01 00');
    b.clock.advance(1000);
    expect(b.abbr(0x68)).toBe('02 01 01 68 01 00 08 14 19 0c 1f 17 3b 3b 32');
    expect(b.abbr(0x69, [20, 25, 2, 30, 0, 0, 0, 0])).toBe('02 01 01 69 01 04');
    expect(b.abbr(0x69, [20, 25, 2, 3])).toBe('02 01 01 69 01 03');
    expect(b.ext(0x49, [20, 24, 2, 29, 12, 0, 0, 0])).toMatch(/^02 01 01 49 01 00 .. 04$/);
  });

  it('gets and sets frame size, ports and data with every error code', () => {
    const b = board('Slave');
    expect(b.abbr(0x6a)).toBe('02 01 01 6a 01 00 01 7e');
    expect(b.abbr(0x6b, [0x20])).toBe('02 01 01 6b 01 00');
    expect(b.abbr(0x6a)).toBe('02 01 01 6a 01 00 01 20');
    expect(b.abbr(0x6b, [1, 2])).toBe('02 01 01 6b 01 03');
    expect(b.abbr(0x6d, [0x08, 0x04, 0x02, 0x55])).toBe('02 01 01 6d 01 00');
    expect(b.abbr(0x6c, [0x08, 0x04, 0x02])).toBe('02 01 01 6c 01 00 04 08 04 02 55');
    expect(b.abbr(0x6c, [0x1b, 0x04, 0x02])).toBe('02 01 01 6c 01 09');
    expect(b.abbr(0x6c, [0x08, 0x09, 0x02])).toBe('02 01 01 6c 01 0a');
    expect(b.abbr(0x6c, [0x08, 0x04, 0x76])).toBe('02 01 01 6c 01 0b');
    expect(b.abbr(0x6c, [0x08, 0x04])).toBe('02 01 01 6c 01 03');
    expect(b.abbr(0x6d, [0x08, 0x04, 0x02])).toBe('02 01 01 6d 01 03');
    expect(b.abbr(0x6f, [0x08, 0x04, 0x03, 0x01, 0x02])).toBe('02 01 01 6f 01 00');
    expect(b.abbr(0x6e, [0x08, 0x04, 0x03])).toBe('02 01 01 6e 01 00 05 08 04 03 01 02');
    expect(b.abbr(0x6e, [0x08, 0x04, 0x04])).toBe('02 01 01 6e 01 00 04 08 04 04 00');
    expect(b.abbr(0x6f, [0x08, 0x04, 0x03])).toBe('02 01 01 6f 01 03');
    expect(b.ext(0x4e, [0x08, 0x04, 0x03])).toMatch(/^02 01 01 4e 01 00 05 08 04 03 01 02 .. 04$/);
  });

  it('renames a slave with set-address and refuses taken or invalid addresses', () => {
    const b = board('Slave', { minIndex: 1, maxIndex: 3 });
    expect(b.abbr(0x67, [0x02])).toBe('02 01 01 67 01 04');
    expect(b.abbr(0x67, [0x7f])).toBe('02 01 01 67 01 04');
    expect(b.abbr(0x67, [0x02, 0x03])).toBe('02 01 01 67 01 03');
    expect(b.abbr(0x67, [0x10])).toBe('02 01 01 67 01 00');
    expect(b.abbr(0x66, [], 0x10)).toBe('02 01 10 66 01 00 01 10');
    expect(b.abbr(0x66, [], 0x01)).toBe('true');
    // One reply per slave for 7F; none for 00 (but the command still runs).
    expect(b.abbr(0x66, [], 0x7f)).toBe('02 01 02 66 01 00 01 02 02 01 03 66 01 00 01 03 02 01 10 66 01 00 01 10');
    expect(b.abbr(0x6b, [0x11], 0x00)).toBe('true');
    expect([...b.system.slaves.values()].map((s) => s.frameSize)).toEqual([0x11, 0x11, 0x11]);
  });

  it('Dewar reads and writes its digital lines', () => {
    const b = board('Dewar');
    const dio = (port: number) => b.abbr(0x6e, [0x03, 0x04, port]);
    const set = (port: number, value: number[]) => b.abbr(0x6f, [0x03, 0x04, port, ...value]);
    expect([0, 4, 5, 6, 7, 8, 11, 12, 13, 14, 16, 17, 18, 24, 26, 29, 30].map((p) => dio(p).split(' ').pop())).toEqual(
      ['00', '01', '01', '00', '01', '01', '00', '00', '00', '00', '01', '00', '00', '01', '01', '00', '00'],
    );
    expect(set(0, [1])).toBe('02 01 01 6f 01 00');
    expect([16, 17, 18].map((p) => dio(p).split(' ').pop())).toEqual(['00', '01', '01']);
    expect(set(13, [0])).toBe('02 01 01 6f 01 00');
    expect([29, 30].map((p) => dio(p).split(' ').pop())).toEqual(['01', '00']);
    expect(set(14, [0])).toBe('02 01 01 6f 01 00');
    expect([29, 30].map((p) => dio(p).split(' ').pop())).toEqual(['00', '01']);
    expect(set(8, [2])).toBe('02 01 01 6f 01 04');
    expect(set(8, [1, 1])).toBe('02 01 01 6f 01 04');
    expect(set(11, [1])).toBe('02 01 01 6f 01 00');
    expect(dio(12).split(' ').pop()).toBe('01');
    // The reference has no answer for a digital port it does not know.
    expect(() => dio(40)).toThrow(DeviceError);
  });

  it('Switch routes its four switches from LO selector, Out1 and Out2', () => {
    const b = board('Switch');
    const sw = () => [16, 17, 18, 19].map((p) => b.abbr(0x6e, [0x03, 0x04, p]).split(' ').pop());
    const set = (port: number, value: number) => b.abbr(0x6f, [0x03, 0x04, port, value]);
    expect(sw()).toEqual(['00', '00', '00', '00']);
    set(1, 1);
    expect(sw()).toEqual(['01', '00', '00', '01']);
    set(2, 1);
    expect(sw()).toEqual(['00', '01', '01', '00']);
    set(0, 1);
    set(1, 1);
    expect(sw()).toEqual(['01', '00', '00', '01']);
    set(1, 0);
    expect(sw()).toEqual(['00', '00', '00', '00']);
    expect(b.abbr(0x6e, [0x03, 0x04, 0x01]).split(' ').pop()).toBe('00');
    expect(b.abbr(0x6e, [0x03, 0x04, 0x02]).split(' ').pop()).toBe('01');
  });

  it('LNA reads zero biases through AD24 and stores its enables', () => {
    const b = board('LNA');
    expect(b.abbr(0x6f, [0x08, 0x04, 0x60, 0x35])).toBe('02 01 01 6f 01 00');
    expect(b.abbr(0x6e, [0x18, 0x08, 0x60])).toBe(`02 01 01 6e 01 00 23 18 08 60 ${zeros(32)}`);
    expect(b.abbr(0x6f, [0x03, 0x04, 0x08, 0x01])).toBe('02 01 01 6f 01 00');
    expect(b.abbr(0x6f, [0x03, 0x04, 0x08, 0x01, 0x00])).toBe('02 01 01 6f 01 04');
    expect(b.abbr(0x6f, [0x03, 0x04, 0x20, 0x07])).toBe('02 01 01 6f 01 00');
    expect(b.abbr(0x6e, [0x03, 0x04, 0x20])).toBe('02 01 01 6e 01 00 04 03 04 20 07');
    expect(() => b.abbr(0x6e, [0x18, 0x04, 0x00])).toThrow(DeviceError);
  });

  it('parses any chunking and never throws anything but DeviceError on random input', () => {
    const b = board('Dewar');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }), (bytes) => {
        const parser = b.system.createParser();
        for (const byte of bytes) {
          try {
            void parser.parse(byte);
          } catch (err) {
            if (!(err instanceof DeviceError)) throw err;
          }
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
