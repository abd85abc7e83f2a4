import { describe, expect, it } from 'vitest';
import { TcpTestClient } from '@observatory/test-utils';
import { AcuMode, acu, decodeAcuStatus, encodeAcuMessage } from '../src/systems/acu/index.js';
import { hex, startRows } from './acu-helpers.js';

// Vectors for the deliberate differences listed in docs/reference/discos-simulators.md.

/** Reads status messages until `accept` holds (deadline 3 s). */
async function frameWhere(stream: TcpTestClient, accept: (frame: Buffer) => boolean): Promise<Buffer> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const frame = await stream.read(813, Math.max(1, deadline - Date.now()));
    if (accept(frame)) return frame;
  }
}

describe('D-ACU-1: a declared frame length outside 20..65536 is rejected and the parser resynchronises', () => {
  it.each([
    ['16 (the reference never completes it and its command port stays stuck)', '10000000'],
    ['19', '13000000'],
    ['65537 (the reference would buffer it)', '01000100'],
  ])('declared length %s', async (_name, lengthLe) => {
    const sim = await startRows(acu, [0]);
    const status = await TcpTestClient.connect(sim.row.ports.send as number);
    const commands = await TcpTestClient.connect(sim.row.ports.listen as number);
    const other = await TcpTestClient.connect(sim.row.ports.listen as number);
    try {
      // Start flag, the bad length, then bytes that would be the rest of a header.
      commands.send(hex(`1a cf fc 1d ${lengthLe} 01 00 00 00 02 00 00 00`));
      // The same connection is in step again: a valid activation right after is executed.
      commands.send(encodeAcuMessage(777, [{ kind: 'mode', subsystem: 1, mode: AcuMode.active }]));
      const first = decodeAcuStatus(await frameWhere(status, (f) => decodeAcuStatus(f).azimuth.received.counter === 778));
      expect(first.azimuth.axisState).toBe(3);
      // And so is another client.
      other.send(encodeAcuMessage(900, [{ kind: 'mode', subsystem: 2, mode: AcuMode.active }]));
      const second = decodeAcuStatus(await frameWhere(status, (f) => decodeAcuStatus(f).elevation.received.counter === 901));
      expect(second.elevation.axisState).toBe(3);
    } finally {
      await status.close();
      await commands.close();
      await other.close();
      await sim.close();
    }
  });
});
