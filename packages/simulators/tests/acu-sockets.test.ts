import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { AcuMode, acu, decodeAcuStatus, encodeAcuMessage, type AcuSystem } from '../src/systems/acu/index.js';
import { startRows } from './acu-helpers.js';

async function withAcu(fn: (ports: { listen: number; send: number }, system: AcuSystem) => Promise<void>): Promise<void> {
  const sim = await startRows(acu, [0]);
  try {
    await fn({ listen: sim.row.ports.listen as number, send: sim.row.ports.send as number }, sim.row.system as AcuSystem);
  } finally {
    await sim.close();
  }
}

/** Reads status messages until `accept` holds (deadline 3 s). */
async function frameWhere(stream: TcpTestClient, accept: (frame: Buffer) => boolean): Promise<Buffer> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const frame = await stream.read(813, Math.max(1, deadline - Date.now()));
    if (accept(frame)) return frame;
  }
}

describe('acu over real sockets', () => {
  it('81 streams 813-byte status messages every period with AZ 180 and EL 90 at start', async () => {
    await withAcu(async ({ send }) => {
      const status = await TcpTestClient.connect(send);
      try {
        const frames = [await status.read(813), await status.read(813), await status.read(813)];
        for (const frame of frames) {
          expect(frame.subarray(0, 8).toString('hex')).toBe('1acffc1d2d030000');
          expect(frame.subarray(809).toString('hex')).toBe('d1cffca1');
          const s = decodeAcuStatus(frame);
          expect(s.azimuth.pIst).toBe(180000000);
          expect(s.elevation.pIst).toBe(90000000);
        }
        const times = frames.map((f) => f.readUInt32LE(8));
        expect(times[1]).toBeGreaterThan(times[0] as number);
        expect(times[2]).toBeGreaterThan(times[1] as number);
      } finally {
        await status.close();
      }
    });
  });

  it('82 executes a 72-byte activation without answering; the stream shows it; a repeated counter is ignored', async () => {
    await withAcu(async ({ listen, send }) => {
      const status = await TcpTestClient.connect(send);
      const commands = await TcpTestClient.connect(listen);
      try {
        const message = encodeAcuMessage(424242, [
          { kind: 'mode', subsystem: 1, mode: AcuMode.active },
          { kind: 'mode', subsystem: 2, mode: AcuMode.active },
        ]);
        expect(message.length).toBe(72);
        commands.send(message);
        const frame = await frameWhere(status, (f) => decodeAcuStatus(f).azimuth.axisState === 3);
        const s = decodeAcuStatus(frame);
        for (const [axis, counter] of [
          [s.azimuth, 424243],
          [s.elevation, 424244],
        ] as const) {
          expect(axis.trajectoryState).toBe(1);
          expect(axis.received).toEqual({ counter, mode: 2, answer: 9 });
          expect(axis.executed).toEqual({ counter, mode: 2, answer: 1 });
        }
        // The same counter again (a deactivation) is refused; a new counter is executed.
        const repeated = encodeAcuMessage(424242, [{ kind: 'mode', subsystem: 1, mode: AcuMode.inactive }]);
        commands.send(repeated);
        commands.send(encodeAcuMessage(500000, [{ kind: 'mode', subsystem: 2, mode: AcuMode.stop }]));
        const after = decodeAcuStatus(await frameWhere(status, (f) => decodeAcuStatus(f).elevation.received.counter === 500001));
        expect(after.azimuth.axisState).toBe(3);
        expect(after.elevation.received).toEqual({ counter: 500001, mode: 7, answer: 9 });
        expect(commands.pending.length).toBe(0);
      } finally {
        await commands.close();
        await status.close();
      }
    });
  });

  it('sends the same message to every subscriber', async () => {
    await withAcu(async ({ send }) => {
      const a = await TcpTestClient.connect(send);
      const b = await TcpTestClient.connect(send);
      try {
        // Align both on a message both received: compare by the ms-of-day stamp.
        const fa = await a.read(813);
        const fb = await frameWhere(b, (f) => f.readUInt32LE(8) >= fa.readUInt32LE(8));
        const fa2 = fb.readUInt32LE(8) === fa.readUInt32LE(8) ? fa : await frameWhere(a, (f) => f.readUInt32LE(8) === fb.readUInt32LE(8));
        expect(Buffer.compare(fa2, fb)).toBe(0);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  it('a subscriber that never reads does not hold back the others', async () => {
    await withAcu(async ({ send }) => {
      const stalled = await TcpTestClient.connect(send);
      stalled.socket.pause();
      const reader = await TcpTestClient.connect(send);
      try {
        const stamps: number[] = [];
        for (let i = 0; i < 8; i++) stamps.push((await reader.read(813)).readUInt32LE(8));
        expect(new Set(stamps).size).toBe(8);
      } finally {
        stalled.socket.destroy();
        await reader.close();
      }
    });
  });

  it('random and mutated command frames never crash it nor disturb other connections', async () => {
    await withAcu(async ({ listen, send }) => {
      const status = await TcpTestClient.connect(send);
      const good = await TcpTestClient.connect(listen);
      const noisy = await TcpTestClient.connect(listen);
      try {
        const valid = encodeAcuMessage(1, [
          { kind: 'mode', subsystem: 1, mode: AcuMode.presetAbsolute, parameter1: 10, parameter2: 0.5 },
          { kind: 'programTrack', loadMode: 1, startMjd: 60000, azimuthRate: 1, elevationRate: 1, entries: [0, 1, 2, 3, 4].map((i) => ({ relativeMs: i * 1000, azimuth: 180 + i, elevation: 60 })) },
        ]);
        const mutated = fc.sample(
          fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.nat({ max: valid.length })).map(([at, value, cut]) => {
            const copy = Uint8Array.from(valid);
            copy[at] = value;
            return copy.subarray(0, Math.max(cut, 20));
          }),
          { seed: 17, numRuns: 300 },
        );
        const random = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 200 }), { seed: 18, numRuns: 200 });
        for (const chunk of [...mutated, ...random]) noisy.send(chunk);
        // Once our side is closed the server has parsed every noisy byte (it ends after reading them).
        await noisy.close();
        good.send(encodeAcuMessage(999999, [{ kind: 'mode', subsystem: 1, mode: AcuMode.active }]));
        const frame = await frameWhere(status, (f) => decodeAcuStatus(f).azimuth.received.counter === 1000000);
        expect(decodeAcuStatus(frame).azimuth.axisState).toBe(3);
        expect(frame.length).toBe(813);
      } finally {
        await noisy.close();
        await good.close();
        await status.close();
      }
    });
  });
});
