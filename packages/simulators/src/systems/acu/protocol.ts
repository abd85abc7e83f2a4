import { DeviceError } from '../../framework/index.js';

/** Frame delimiters of every ACU message, commands and status alike. */
export const ACU_START_FLAG = Uint8Array.of(0x1a, 0xcf, 0xfc, 0x1d);
export const ACU_END_FLAG = Uint8Array.of(0xd1, 0xcf, 0xfc, 0xa1);
/** Length of the status message streamed every sampling period. */
export const ACU_STATUS_LENGTH = 813;
/** A command message never legitimately exceeds three program-track commands; cap what we accumulate. */
export const ACU_MAX_MESSAGE_LENGTH = 65536;

export const AcuSubsystem = { azimuth: 1, elevation: 2, pointing: 5 } as const;
export const AcuCommandId = { mode: 1, parameter: 2, programTrack: 4 } as const;

/** Mode ids of the mode command (subsystems 1 and 2). */
export const AcuMode = {
  ignore: 0,
  inactive: 1,
  active: 2,
  presetAbsolute: 3,
  presetRelative: 4,
  slew: 5,
  stop: 7,
  programTrack: 8,
  interlock: 14,
  reset: 15,
  stow: 50,
  unstow: 51,
  driveToStow: 52,
} as const;

/** Parameter ids: axes 11/12 (absolute/relative offset), pointing 50/51/60, program track table 61. */
export const AcuParameter = {
  absolutePositionOffset: 11,
  relativePositionOffset: 12,
  timeSource: 50,
  timeOffset: 51,
  programTrackTimeCorrection: 60,
  loadProgramTrackTable: 61,
} as const;

export interface AcuModeCommand {
  readonly kind: 'mode';
  readonly subsystem: number;
  readonly mode: number;
  readonly parameter1?: number;
  readonly parameter2?: number;
}

export interface AcuParameterCommand {
  readonly kind: 'parameter';
  readonly subsystem: number;
  readonly parameter: number;
  readonly parameter1?: number;
  readonly parameter2?: number;
}

export interface ProgramTrackEntry {
  /** Milliseconds after the start time. */
  readonly relativeMs: number;
  readonly azimuth: number;
  readonly elevation: number;
}

export interface AcuProgramTrackCommand {
  readonly kind: 'programTrack';
  /** 1 = load a new table, 2 = append. */
  readonly loadMode: number;
  /** Start time of the table (MJD). */
  readonly startMjd: number;
  readonly azimuthRate: number;
  readonly elevationRate: number;
  readonly entries: readonly ProgramTrackEntry[];
  /** Overrides for building invalid commands (defaults 5, 61, 4, 1). */
  readonly subsystem?: number;
  readonly parameter?: number;
  readonly interpolationMode?: number;
  readonly trackingMode?: number;
}

export type AcuCommand = AcuModeCommand | AcuParameterCommand | AcuProgramTrackCommand;

/** One command of a message before execution: its id, subsystem and raw bytes (counter included). */
export interface RawAcuCommand {
  readonly id: number;
  readonly subsystem: number;
  readonly bytes: Uint8Array;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Encodes one command with its own counter (`u16 id, u16 subsystem, u32 counter, ...`, little-endian). */
export function encodeAcuCommand(command: AcuCommand, counter: number): Uint8Array {
  if (command.kind === 'programTrack') {
    const out = new Uint8Array(42 + command.entries.length * 20);
    const v = view(out);
    v.setUint16(0, AcuCommandId.programTrack, true);
    v.setUint16(2, command.subsystem ?? AcuSubsystem.pointing, true);
    v.setUint32(4, counter >>> 0, true);
    v.setUint16(8, command.parameter ?? AcuParameter.loadProgramTrackTable, true);
    v.setUint16(10, command.interpolationMode ?? 4, true);
    v.setUint16(12, command.trackingMode ?? 1, true);
    v.setUint16(14, command.loadMode, true);
    v.setUint16(16, command.entries.length, true);
    v.setFloat64(18, command.startMjd, true);
    v.setFloat64(26, command.azimuthRate, true);
    v.setFloat64(34, command.elevationRate, true);
    command.entries.forEach((entry, i) => {
      const at = 42 + i * 20;
      v.setInt32(at, entry.relativeMs, true);
      v.setFloat64(at + 4, entry.azimuth, true);
      v.setFloat64(at + 12, entry.elevation, true);
    });
    return out;
  }
  const out = new Uint8Array(26);
  const v = view(out);
  v.setUint16(0, command.kind === 'mode' ? AcuCommandId.mode : AcuCommandId.parameter, true);
  v.setUint16(2, command.subsystem, true);
  v.setUint32(4, counter >>> 0, true);
  v.setUint16(8, command.kind === 'mode' ? command.mode : command.parameter, true);
  v.setFloat64(10, command.parameter1 ?? 0, true);
  v.setFloat64(18, command.parameter2 ?? 0, true);
  return out;
}

/**
 * A complete command message: start flag, total length, message counter, command count, the commands
 * (command i gets counter `counter + 1 + i`, as the reference client does) and the end flag.
 */
export function encodeAcuMessage(counter: number, commands: readonly AcuCommand[]): Uint8Array {
  const encoded = commands.map((c, i) => encodeAcuCommand(c, counter + 1 + i));
  const bodyLength = encoded.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(20 + bodyLength);
  const v = view(out);
  out.set(ACU_START_FLAG, 0);
  v.setUint32(4, out.length, true);
  v.setUint32(8, counter >>> 0, true);
  v.setInt32(12, commands.length, true);
  let at = 16;
  for (const c of encoded) {
    out.set(c, at);
    at += c.length;
  }
  out.set(ACU_END_FLAG, at);
  return out;
}

/**
 * Splits the command section of a complete message (the bytes between the 16-byte head and the end flag)
 * and checks the message-level rules: known command ids, complete commands, one command per subsystem and
 * the declared count.
 */
export function splitAcuCommands(body: Uint8Array, declaredCount: number): RawAcuCommand[] {
  const commands: RawAcuCommand[] = [];
  const seen = new Set<number>();
  let at = 0;
  while (at < body.length) {
    const rest = body.subarray(at);
    if (rest.length < 4) throw new DeviceError('Malformed message.');
    const v = view(rest);
    const id = v.getUint16(0, true);
    let length: number;
    if (id === AcuCommandId.mode || id === AcuCommandId.parameter) {
      length = 26;
      if (rest.length < length) throw new DeviceError('Malformed message.');
    } else if (id === AcuCommandId.programTrack) {
      if (rest.length < 42) throw new DeviceError('Malformed program track sequence.');
      length = 42 + v.getUint16(16, true) * 20;
      if (rest.length < length) throw new DeviceError('Malformed program track sequence.');
    } else {
      throw new DeviceError('Unknown command.');
    }
    const subsystem = v.getUint16(2, true);
    if (seen.has(subsystem)) throw new DeviceError(`More than one command for subsystem ${subsystem}.`);
    seen.add(subsystem);
    commands.push({ id, subsystem, bytes: rest.subarray(0, length) });
    at += length;
  }
  if (commands.length !== declaredCount) throw new DeviceError('Malformed message.');
  return commands;
}

/** Fields common to mode and parameter commands. */
export function readModeOrParameter(bytes: Uint8Array): { counter: number; code: number; p1: number; p2: number } {
  const v = view(bytes);
  return { counter: v.getUint32(4, true), code: v.getUint16(8, true), p1: v.getFloat64(10, true), p2: v.getFloat64(18, true) };
}
