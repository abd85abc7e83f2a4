import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pyFloat, pyInt } from '@discos/backend-protocol';

/** Coordinates per servo for one configuration; `undefined` = keep the current value (`*`). */
export interface SetupConfiguration {
  readonly id: number;
  readonly coords: Readonly<Record<string, readonly (number | undefined)[]>>;
  /** Gregorian cap position, or undefined to leave it. */
  readonly gregorianCap: number | undefined;
}

/** Configuration ids: Primario 1, Gregoriano1-8 = 11-18, BWG1-4 = 21-24. */
export const CONFIGURATION_IDS: Readonly<Record<string, number>> = {
  Primario: 1,
  Gregoriano1: 11,
  Gregoriano2: 12,
  Gregoriano3: 13,
  Gregoriano4: 14,
  Gregoriano5: 15,
  Gregoriano6: 16,
  Gregoriano7: 17,
  Gregoriano8: 18,
  BWG1: 21,
  BWG2: 22,
  BWG3: 23,
  BWG4: 24,
};

const _ = undefined;
// SRP positions shared by the Gregorian and BWG focus.
const SRP_GREGORIAN = [-1.5, 11.1393650793988, 1.08830677049999, 0.049894179898239, -0.036111111111111, 0];
const KEEP6 = [_, _, _, _, _, _];

type Row = [pfp: (number | undefined)[], srp: (number | undefined)[], m3r: number | undefined, gfr: number | undefined, drGfr1: number | undefined, cap: number | undefined];

/** The SRT setup table (the reference's `setup.csv`): PFP, SRP, M3R, GFR, DR_GFR1 and cap per configuration. */
const DEFAULT_ROWS: Readonly<Record<string, Row>> = {
  Primario: [[0, 0, 0], [-5, 5, -120, 0, 0, 0], _, _, _, 1],
  Gregoriano1: [[0, 0, 0], SRP_GREGORIAN, _, -88.70659, _, 4],
  Gregoriano2: [[0, 0, 0], SRP_GREGORIAN, _, -159.8899, 12.5, 4],
  Gregoriano3: [[0, 0, 0], SRP_GREGORIAN, _, 90.97161, _, 4],
  Gregoriano4: [[0, 0, 0], SRP_GREGORIAN, _, 162.771, _, 4],
  Gregoriano5: [[0, 0, 0], SRP_GREGORIAN, _, 55.373967, _, 4],
  Gregoriano6: [[0, 0, 0], SRP_GREGORIAN, _, -51.82117, _, 4],
  Gregoriano7: [[0, 0, 0], KEEP6, _, _, _, _],
  Gregoriano8: [[0, 0, 0], KEEP6, _, _, _, _],
  BWG1: [[0, 0, 0], [-1.5, 11.1393650793988, 0.358165166130078, 0.049894179898239, -0.036111111111111, 0], 10, 0, _, 4],
  BWG2: [[0, 0, 0], KEEP6, _, _, _, _],
  BWG3: [[0, 0, 0], [-1.5, 11.1393650793988, -3.77159716192807, 0.049894179898239, -0.036111111111111, 0], 20, 0, _, 4],
  BWG4: [[0, 0, 0], KEEP6, _, _, _, _],
};

/** The built-in configurations. */
export function defaultSetupTable(): Map<string, SetupConfiguration> {
  const table = new Map<string, SetupConfiguration>();
  for (const [name, [pfp, srp, m3r, gfr, drGfr1, cap]] of Object.entries(DEFAULT_ROWS)) {
    table.set(name, {
      id: CONFIGURATION_IDS[name] as number,
      coords: { PFP: pfp, SRP: srp, M3R: [m3r], GFR: [gfr], DR_GFR1: [drGfr1], DR_GFR2: [_], DR_GFR3: [_], DR_PFP: [_] },
      gregorianCap: cap,
    });
  }
  return table;
}

/**
 * Parses a setup table in the CDB's CSV format (`;`-separated, a header naming each column after its servo,
 * `*` for "unchanged"). Columns are assigned to the servos whose names they start with.
 */
export function parseSetupCsv(text: string, servos: readonly string[]): Map<string, SetupConfiguration> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0).map((l) => l.split(';'));
  const header = lines[0] ?? [];
  const columns = new Map<string, number[]>();
  for (const servo of [...servos, 'GREGORIAN_CAP']) {
    columns.set(servo, header.flatMap((h, i) => (h.startsWith(servo) ? [i] : [])));
  }
  // Python's int() / float() of the cell (None where they raise).
  const number = (cell: string | undefined, integer: boolean): number | undefined => {
    const value = integer ? pyInt(cell ?? '') : pyFloat(cell ?? '');
    return value === undefined ? undefined : Number(value);
  };
  const table = new Map<string, SetupConfiguration>();
  for (const cells of lines.slice(1)) {
    const name = cells[0] ?? '';
    const id = CONFIGURATION_IDS[name];
    if (id === undefined) continue;
    const coords: Record<string, (number | undefined)[]> = {};
    for (const servo of servos) coords[servo] = (columns.get(servo) ?? []).map((i) => number(cells[i], false));
    const capColumn = columns.get('GREGORIAN_CAP')?.[0];
    table.set(name, { id, coords, gregorianCap: capColumn === undefined ? undefined : number(cells[capColumn], true) });
  }
  return table;
}

/** The CDB's table (`$ACS_CDB/CDB/alma/DataBlock/MinorServo/Tabella Setup.csv`) when present, else the built-in one. */
export function loadSetupTable(servos: readonly string[], acsCdb = process.env['ACS_CDB'] ?? '/'): Map<string, SetupConfiguration> {
  const path = join(acsCdb, 'CDB', 'alma', 'DataBlock', 'MinorServo', 'Tabella Setup.csv');
  if (existsSync(path)) return parseSetupCsv(readFileSync(path, 'utf8'), servos);
  return defaultSetupTable();
}
