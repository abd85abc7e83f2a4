import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { DeviceError, ManualClock } from '../src/framework/index.js';
import {
  ActiveSurfaceLine,
  activeSurface,
  encodeUsdBroadcast,
  encodeUsdCommand,
  USD_MAX_POSITION,
  USD_START_NO_ADDRESS,
  UsdCommand,
  usdCommands,
} from '../src/systems/active_surface/index.js';
import { intToBytes } from '../src/utils/index.js';
import { hex, startRows, toHex } from './acu-helpers.js';

/** Runs `fn` against a fresh line (one real server row on an ephemeral port) and one client connection. */
async function withLine(fn: (client: TcpTestClient, line: ActiveSurfaceLine, port: number) => Promise<void>): Promise<void> {
  const sim = await startRows(activeSurface, [0]);
  const port = sim.row.ports.listen as number;
  const client = await TcpTestClient.connect(port);
  try {
    await fn(client, sim.row.system as ActiveSurfaceLine, port);
  } finally {
    await client.close();
    await sim.close();
  }
}

/** A known reply that proves nothing was sent before it: USD 2's driver type. */
const PROBE = encodeUsdCommand(2, UsdCommand.getDriverType, [], USD_START_NO_ADDRESS);
const PROBE_REPLY = '06 fa 21 de';

async function expectNothingThenProbe(client: TcpTestClient, request: Uint8Array): Promise<void> {
  client.send(request);
  client.send(PROBE);
  expect(toHex(await client.read(4))).toBe(PROBE_REPLY);
}

describe('active_surface conformance vectors (real sockets)', () => {
  const replies: [string, string, string][] = [
    ['70 position with address', 'fc 21 12 d0', '06 fc 81 00 00 00 00 7c'],
    ['70 position without address', 'fa 21 12 d2', '06 fa 00 00 00 00 ff'],
    ['71 version with address', 'fc 21 10 d2', '06 fc 21 13 c9'],
    ['71 version without address', 'fa 21 10 d4', '06 fa 13 ec'],
    ['72 status', 'fc 21 13 cf', '06 fc 61 00 20 11 6b'],
    ['72 driver type', 'fa 31 14 c0', '06 fa 21 de'],
    ['73 absolute position', 'fc a1 30 00 00 00 01 31', '06'],
    ['73 soft stop', 'fc 21 11 d1', '06'],
    ['73 rotate', 'fc 44 32 ff 8e', '06'],
    ['74 min frequency 19', 'fc 61 20 00 13 6f', '15'],
    ['74 velocity 5', 'fc 81 35 00 00 05 48', '15'],
  ];

  it.each(replies)('%s: %s -> %s', async (_name, request, reply) => {
    await withLine(async (client) => {
      client.send(hex(request));
      expect(toHex(await client.read(hex(reply).length))).toBe(reply);
    });
  });

  it('75 broadcast, bad checksum and delay 255 send nothing, and USD 4 stays silent afterwards', async () => {
    await withLine(async (client) => {
      await expectNothingThenProbe(client, hex('fc 00 01 12 f0'));
      await expectNothingThenProbe(client, hex('fc 21 12 d1'));
      await expectNothingThenProbe(client, hex('fc 41 28 ff 9b')); // nbyte 2, USD 1, delay 255
      await expectNothingThenProbe(client, hex('fc 21 12 d0'));
      await expectNothingThenProbe(client, encodeUsdCommand(1, UsdCommand.setResolution, [8]));
    });
  });

  it('76 automatic resolution shows in the status byte', async () => {
    await withLine(async (client) => {
      client.send(hex('fc 45 26 08 90'));
      expect(toHex(await client.read(1))).toBe('06');
      client.send(hex('fa 25 13 cd'));
      expect(toHex(await client.read(6))).toBe('06 fa 00 20 18 c7');
    });
  });

  it('a delayed reply keeps its place: the ACK held by delay 200 comes before the next reply', async () => {
    // How long the delay is: 'waits delay x 0.512 ms before each reply' below, on an injected clock.
    await withLine(async (client) => {
      client.send(encodeUsdCommand(3, UsdCommand.setResponseDelay, [200]));
      client.send(PROBE);
      expect(toHex(await client.read(5))).toBe(`06 ${PROBE_REPLY}`);
      client.send(encodeUsdCommand(3, UsdCommand.setResponseDelay, [0]));
      expect(toHex(await client.read(1))).toBe('06');
    });
  });

  it('positions in the background: a relative move of 2000 steps shows up in get-position', async () => {
    await withLine(async (client) => {
      client.send(encodeUsdCommand(7, UsdCommand.setRelativePosition, [...intToBytes(2000, 4, false)]));
      expect(toHex(await client.read(1))).toBe('06');
      // 10000 Hz at resolution 2 = 640000 steps/s: done within a couple of positioning periods.
      await vi.waitFor(
        async () => {
          client.send(encodeUsdCommand(7, UsdCommand.getPosition, [], USD_START_NO_ADDRESS));
          expect((await client.read(7)).readInt32BE(2)).toBe(2000);
        },
        { timeout: 10_000, interval: 10 },
      );
    });
  });

  it('passes binary 0x24 ("$sys...") parameters through the custom-command filter', async () => {
    await withLine(async (client, line) => {
      client.send(usdCommands.setReferencePosition(0x24737973, 3));
      expect(toHex(await client.read(1))).toBe('06');
      expect(line.usd(3)?.referencePosition).toBe(0x24737973);
    });
  });

  it('serves all 96 lines, each with its own USDs', async () => {
    const sim = await startRows(activeSurface, [...activeSurface.servers.keys()]);
    try {
      expect(sim.rows).toHaveLength(96);
      expect(activeSurface.servers.map((r) => r.listen)).toEqual(Array.from({ length: 96 }, (_, i) => 11000 + i));
      const first = await TcpTestClient.connect(sim.rows[0]?.ports.listen as number);
      const last = await TcpTestClient.connect(sim.rows[95]?.ports.listen as number);
      try {
        first.send(encodeUsdCommand(17, UsdCommand.setReferencePosition, [0, 0, 0, 5]));
        expect(toHex(await first.read(1))).toBe('06');
        for (const client of [first, last]) {
          client.send(encodeUsdCommand(17, UsdCommand.getDriverType));
          expect(toHex(await client.read(5))).toBe('06 fc 31 21 ab');
        }
        expect((sim.rows[0]?.system as ActiveSurfaceLine).usd(17)?.referencePosition).toBe(5);
        expect((sim.rows[95]?.system as ActiveSurfaceLine).usd(17)?.referencePosition).toBe(0);
      } finally {
        await first.close();
        await last.close();
      }
    } finally {
      await sim.close();
    }
  });

  it('keeps serving a second connection while random bytes hit the first', async () => {
    await withLine(async (client, _line, port) => {
      const other = await TcpTestClient.connect(port);
      try {
        const noise = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 64 }), { seed: 42, numRuns: 200 });
        for (const chunk of noise) client.send(chunk);
        other.send(PROBE);
        expect(toHex(await other.read(4))).toBe(PROBE_REPLY);
      } finally {
        await other.close();
      }
    });
  });
});

/** Feeds one frame to a parser, returning the final parse result. */
async function run(line: ActiveSurfaceLine, frame: Uint8Array, clock?: ManualClock): Promise<string | boolean> {
  const parser = line.createParser();
  let result: unknown = false;
  for (const byte of frame) {
    result = parser.parse(byte);
  }
  if (result instanceof Promise) {
    let settled = false;
    const done = result.then((value: unknown) => {
      settled = true;
      return value;
    });
    for (let waited = 0; clock && !settled && waited < 5000; waited += 1) {
      clock.advance(1);
      await Promise.resolve();
    }
    result = await done;
  }
  return typeof result === 'boolean' ? result : toHex(result as Uint8Array);
}

describe('active_surface line (injected clock)', () => {
  const make = () => {
    const clock = new ManualClock();
    const line = new ActiveSurfaceLine({ clock, minUsdIndex: 1, maxUsdIndex: 17 });
    return { clock, line };
  };

  it('handles every one of the 24 commands with ACK/NAK or data', async () => {
    const { clock, line } = make();
    try {
      const usd = line.usd(1);
      const cmd = (code: number, params: number[] = []) => run(line, encodeUsdCommand(1, code, params), clock);
      expect(await cmd(UsdCommand.softReset)).toBe('06');
      expect(await cmd(UsdCommand.softReset, [1])).toBe('15');
      expect(await cmd(UsdCommand.softTrigger)).toBe('06');
      expect(await cmd(UsdCommand.getVersion)).toBe('06 fc 21 13 c9');
      expect(await cmd(UsdCommand.getVersion, [1])).toBe('15');
      expect(await cmd(UsdCommand.softStop)).toBe('06');
      expect(await cmd(UsdCommand.getPosition)).toBe('06 fc 81 00 00 00 00 7c');
      expect(await cmd(UsdCommand.getStatus)).toBe('06 fc 61 00 20 11 6b');
      expect(await cmd(UsdCommand.getDriverType)).toBe('06 fc 21 21 bb');
      expect(await cmd(UsdCommand.setMinFrequency, [0, 100])).toBe('06');
      expect(usd?.minFrequency).toBe(100);
      expect(await cmd(UsdCommand.setMinFrequency, [0x27, 0x11])).toBe('15'); // 10001
      expect(await cmd(UsdCommand.setMaxFrequency, [0, 50])).toBe('15'); // below min
      expect(await cmd(UsdCommand.setMaxFrequency, [0x13, 0x88])).toBe('06');
      expect(usd?.maxFrequency).toBe(5000);
      expect(await cmd(UsdCommand.setSlopeDelayer, [4])).toBe('06');
      expect(usd?.slopeDelayer).toBe(5);
      expect(await cmd(UsdCommand.setReferencePosition, [0xff, 0xff, 0xff, 0xf6])).toBe('06');
      expect(usd?.referencePosition).toBe(-10);
      expect(await cmd(UsdCommand.setIoPins, [0b0111_0101])).toBe('06');
      expect(usd?.ioDir).toEqual([1, 1, 1]);
      expect(usd?.ioVal).toEqual([1, 0, 1]);
      expect(await cmd(UsdCommand.setResolution, [3])).toBe('06');
      expect(usd?.resolution).toBe(8);
      expect(await cmd(UsdCommand.setCurrentReduction, [0b1000_0011])).toBe('06');
      expect([usd?.standbyMode, usd?.standbyDelayMultiplier]).toEqual([0.25, 3]);
      expect(await cmd(UsdCommand.setResponseDelay, [0])).toBe('06');
      expect(usd?.delayMultiplier).toBe(0);
      expect(await cmd(UsdCommand.setStopIo, [0b0010_1001])).toBe('06');
      expect([usd?.stopIoEnable, usd?.stopIoLevel]).toEqual([[1, 0, 0], [1, 0, 0]]);
      expect(await cmd(UsdCommand.setPositioningIo, [0b0011_0110])).toBe('06');
      expect([usd?.posIoEnable, usd?.posIoLevel]).toEqual([[0, 1, 1], [0, 1, 1]]);
      expect(await cmd(UsdCommand.setHomeIo, [0b0000_0111])).toBe('06');
      expect([usd?.homeIoEnable, usd?.homeIoLevel]).toEqual([[1, 1, 1], [0, 0, 0]]);
      expect(await cmd(UsdCommand.setWorkingMode, [1, 0])).toBe('06');
      expect(usd?.baudRate).toBe(19200);
      expect(await cmd(UsdCommand.setWorkingMode, [1])).toBe('15');
      expect(await cmd(UsdCommand.setAbsolutePosition, [0, 0, 0, 110])).toBe('06');
      expect(usd?.cmdPosition).toBe(100); // reference position -10
      clock.advance(1000);
      expect(usd?.currentPosition).toBe(100);
      expect(await cmd(UsdCommand.setRelativePosition, [0, 0, 0, 20])).toBe('06');
      clock.advance(1000);
      expect(usd?.currentPosition).toBe(120);
      expect(await cmd(UsdCommand.rotate, [0xff])).toBe('06');
      expect(usd?.cmdPosition).toBe(-USD_MAX_POSITION - 1);
      clock.advance(10);
      expect(await cmd(UsdCommand.rotate, [1])).toBe('15'); // running
      expect(await cmd(UsdCommand.setVelocity, [0x01, 0x86, 0xa1])).toBe('15'); // 100001
      expect(await cmd(UsdCommand.setVelocity, [0, 0, 5])).toBe('15'); // below 10 without auto resolution
      expect(await cmd(UsdCommand.setVelocity, [0xff, 0xfc, 0x18])).toBe('06'); // -1000
      expect(usd?.velocity).toBe(-1000);
      expect(await cmd(UsdCommand.setDelayedExecution, [0b0000_1001])).toBe('06');
      expect([usd?.delayedExecution, usd?.triggerIoEnable, usd?.triggerIoLevel]).toEqual([true, [1, 0, 0], [1, 0, 0]]);
      expect(await cmd(UsdCommand.softStop)).toBe('06');
    } finally {
      line.dispose();
    }
  });

  it('queues positions in delayed execution and moves on soft trigger', async () => {
    const { clock, line } = make();
    try {
      const usd = line.usd(2);
      const cmd = (code: number, params: number[] = []) => run(line, encodeUsdCommand(2, code, params), clock);
      await cmd(UsdCommand.setDelayedExecution, [0]);
      await cmd(UsdCommand.setAbsolutePosition, [0, 0, 0x03, 0xe8]);
      expect(usd?.ready).toBe(true);
      clock.advance(500);
      expect(usd?.currentPosition).toBe(0);
      expect(await run(line, encodeUsdCommand(2, UsdCommand.getStatus, [], USD_START_NO_ADDRESS), clock)).toBe('06 fa 00 20 71 6e');
      await cmd(UsdCommand.softTrigger);
      expect(usd?.ready).toBe(false);
      clock.advance(500);
      expect(usd?.currentPosition).toBe(1000);
    } finally {
      line.dispose();
    }
  });

  it('waits delay x 0.512 ms before each reply (200 holds it until 102.4 ms have passed, 0 answers at once)', async () => {
    const { clock, line } = make();
    try {
      const feed = (frame: Uint8Array) => {
        const parser = line.createParser();
        let result: unknown;
        for (const byte of frame) result = parser.parse(byte);
        return result;
      };
      const held = feed(encodeUsdCommand(3, UsdCommand.setResponseDelay, [200])); // applies to its own ACK already
      expect(held).toBeInstanceOf(Promise);
      let reply: Uint8Array | undefined;
      void (held as Promise<Uint8Array>).then((r) => (reply = r));
      clock.advance(102);
      await Promise.resolve();
      expect(reply).toBeUndefined();
      clock.advance(1);
      await vi.waitFor(() => expect(reply && toHex(reply)).toBe('06'));
      const immediate = feed(encodeUsdCommand(3, UsdCommand.setResponseDelay, [0]));
      expect(immediate instanceof Uint8Array && toHex(immediate)).toBe('06');
    } finally {
      line.dispose();
    }
  });

  it('moves at max frequency x 128/resolution steps per second and stops at the range end', async () => {
    const { clock, line } = make();
    try {
      const usd = line.usd(5);
      await run(line, encodeUsdCommand(5, UsdCommand.setMaxFrequency, [0x03, 0xe8]), clock); // 1000 Hz
      await run(line, encodeUsdCommand(5, UsdCommand.setRelativePosition, [...intToBytes(640000, 4, false)]), clock);
      clock.advance(500);
      expect(Math.abs((usd?.currentPosition ?? 0) - 32000)).toBeLessThanOrEqual(640);
      expect(usd?.running).toBe(true);
      await run(line, encodeUsdCommand(5, UsdCommand.setVelocity, [0x01, 0x86, 0xa0]), clock); // 100000 Hz
      clock.advance(1000);
      expect(usd?.currentPosition).toBe(USD_MAX_POSITION);
      await run(line, encodeUsdCommand(5, UsdCommand.softStop), clock);
      clock.advance(100);
      expect(usd?.running).toBe(false);
      expect(usd?.standby).toBe(true);
    } finally {
      line.dispose();
    }
  });

  it('applies broadcasts to every USD without answering; reset takes 100 ms per USD', async () => {
    const { clock, line } = make();
    try {
      expect(await run(line, encodeUsdBroadcast(UsdCommand.setReferencePosition, [0, 0, 1, 0]))).toBe(true);
      expect(line.drivers.every((u) => u.referencePosition === 256)).toBe(true);
      expect(await run(line, encodeUsdBroadcast(UsdCommand.getPosition))).toBe(true);
      // The reference's broadcast slope delayer stops after the first USD.
      await run(line, encodeUsdBroadcast(UsdCommand.setSlopeDelayer, [2]));
      expect(line.drivers.map((u) => u.slopeDelayer).slice(0, 3)).toEqual([3, 1, 1]);
      const parser = line.createParser();
      let result: unknown;
      for (const byte of encodeUsdBroadcast(UsdCommand.softReset)) result = parser.parse(byte);
      expect(result).toBeInstanceOf(Promise);
      let settled = false;
      void (result as Promise<unknown>).then(() => (settled = true));
      clock.advance(1600);
      await Promise.resolve();
      expect(settled).toBe(false);
      clock.advance(100);
      await Promise.resolve();
      await Promise.resolve();
      expect(settled).toBe(true);
      expect(line.drivers.every((u) => u.referencePosition === 0)).toBe(true);
    } finally {
      line.dispose();
    }
  });

  it('throws DeviceError for a bad nbyte, unknown command, bad checksum or absent USD', () => {
    const { line } = make();
    try {
      const feed = (bytes: number[]) => {
        const parser = line.createParser();
        for (const b of bytes) void parser.parse(b);
      };
      expect(() => feed([0xfc, 0x01])).toThrow(DeviceError); // nbyte 0
      expect(() => feed([0xfc, 0x00, 0x09])).toThrow(DeviceError); // broadcast nbyte 9
      expect(() => feed([...encodeUsdCommand(1, 0x77)])).toThrow(/Unknown command/);
      expect(() => feed([0xfc, 0x21, 0x12, 0x00])).toThrow(/Checksum/);
      expect(() => feed([...encodeUsdCommand(20, UsdCommand.getPosition)])).toThrow(DeviceError);
      expect(line.createParser().parse(0x00)).toBe(false);
    } finally {
      line.dispose();
    }
  });

  it('never throws anything but DeviceError for arbitrary bytes', () => {
    const { clock, line } = make();
    try {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          const parser = line.createParser();
          for (const b of bytes) {
            try {
              const r = parser.parse(b);
              if (r instanceof Promise) clock.advance(2000);
            } catch (err) {
              if (!(err instanceof DeviceError)) throw err;
            }
          }
        }),
        { numRuns: 300, seed: 7 },
      );
    } finally {
      line.dispose();
    }
  });
});

describe('active_surface command library', () => {
  it('composes the vectors\' frames', () => {
    expect(toHex(usdCommands.getPosition(1))).toBe('fc 21 12 d0');
    expect(toHex(usdCommands.getPosition(1, false))).toBe('fa 21 12 d2');
    expect(toHex(usdCommands.getStatus(1))).toBe('fc 21 13 cf');
    expect(toHex(usdCommands.getDriverType(17, false))).toBe('fa 31 14 c0');
    expect(toHex(usdCommands.setAbsolutePosition(1, 1))).toBe('fc a1 30 00 00 00 01 31');
    expect(toHex(usdCommands.rotate(-1, 4))).toBe('fc 44 32 ff 8e');
    expect(toHex(usdCommands.setMinFrequency(19, 1))).toBe('fc 61 20 00 13 6f');
    expect(toHex(usdCommands.setVelocity(5, 1))).toBe('fc 81 35 00 00 05 48');
    expect(toHex(usdCommands.setResponseDelay(255, 1))).toBe('fc 41 28 ff 9b');
    expect(toHex(usdCommands.setResolution(8, 5))).toBe('fc 45 26 08 90');
    expect(toHex(usdCommands.getPosition())).toBe('fc 00 01 12 f0');
    expect(toHex(usdCommands.setWorkingMode(1, 3))).toBe('fc 63 2d 01 00 72');
  });

  it('refuses bad arguments with typed errors', () => {
    expect(() => usdCommands.getPosition(32)).toThrow(RangeError);
    expect(() => usdCommands.getPosition(1.5)).toThrow(TypeError);
    expect(() => usdCommands.setAbsolutePosition(2 ** 31, 1)).toThrow(RangeError);
    expect(() => usdCommands.setVelocity(0.5, 1)).toThrow(TypeError);
  });

  it('drives a line end to end: every library command is accepted', async () => {
    const clock = new ManualClock();
    const line = new ActiveSurfaceLine({ clock, minUsdIndex: 1, maxUsdIndex: 17 });
    try {
      const frames = [
        usdCommands.softTrigger(9), usdCommands.softStop(9), usdCommands.setMinFrequency(100, 9), usdCommands.setMaxFrequency(9000, 9),
        usdCommands.setSlopeMultiplier(3, 9), usdCommands.setReferencePosition(-5, 9), usdCommands.setIoPins(0x10, 9),
        usdCommands.setResolution(2, 9), usdCommands.reduceCurrent(0x41, 9), usdCommands.toggleDelayedExecution(0, 9),
        usdCommands.setStopIo(1, 9), usdCommands.setPositioningIo(2, 9), usdCommands.setHomeIo(4, 9), usdCommands.setWorkingMode(0, 9),
        usdCommands.setAbsolutePosition(10, 9), usdCommands.setRelativePosition(10, 9), usdCommands.softReset(9),
        usdCommands.setVelocity(-2000, 9), usdCommands.rotate(1, 9), usdCommands.setResponseDelay(0, 9),
      ];
      for (const frame of frames) expect(await run(line, frame, clock)).toMatch(/^(06|15)$/);
    } finally {
      line.dispose();
    }
  });
});
