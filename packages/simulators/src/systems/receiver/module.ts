import type { ServerRow, SimulatorModule } from '../../framework/index.js';
import { ReceiverSystem, type ReceiverBoard } from './receiver-system.js';

const row = (port: number, board: ReceiverBoard, extra: Record<string, unknown> = {}): ServerRow => ({
  listen: port,
  transport: 'tcp',
  options: { board, ...extra },
});

/** One board type per port: C, K, LP, TriBand, Q and C-5GHz receivers. */
export const RECEIVER_ROWS: readonly ServerRow[] = [
  row(12900, 'Dewar'), // C
  row(12901, 'LNA'),
  row(12902, 'Dewar'), // K
  row(12903, 'LNA', { feeds: 7 }),
  row(12904, 'Dewar'), // LP
  row(12905, 'LNA', { minIndex: 0x7d, maxIndex: 0x7d, feeds: 2 }),
  row(12906, 'Slave'),
  row(12907, 'LNA', { feeds: 3 }), // TriBand
  row(12908, 'Dewar'),
  row(12909, 'Switch'),
  row(12910, 'LNA', { feeds: 19 }), // Q
  row(12911, 'Dewar'),
  row(12912, 'Dewar'), // C-5GHz
  row(12913, 'LNA'),
];

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const BOARDS: readonly ReceiverBoard[] = ['Slave', 'Dewar', 'LNA', 'Switch'];

export const receiver: SimulatorModule = {
  name: 'receiver',
  servers: RECEIVER_ROWS,
  createSystem: ({ clock, options }) =>
    new ReceiverSystem({
      clock,
      board: BOARDS.find((b) => b === options['board']) ?? 'Slave',
      minIndex: num(options['minIndex']),
      maxIndex: num(options['maxIndex']),
      feeds: num(options['feeds']),
    }),
};
