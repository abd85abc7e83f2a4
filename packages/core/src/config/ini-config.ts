import { readFile } from 'node:fs/promises';
import { parse } from 'ini';
import { ConfigError } from '../errors/core-errors.js';

export type IniSection = Record<string, string>;
export type IniData = Record<string, IniSection>;

export interface LoadedIni {
  /** The file that was read, or `undefined` when none of the candidates exists. */
  path: string | undefined;
  /** Sections of key/value strings; keys outside a section sit under `''`. */
  data: IniData;
}

/** Parses INI text into sections of strings. */
export function parseIni(text: string, source = 'ini'): IniData {
  let parsed: Record<string, unknown>;
  try {
    parsed = parse(text);
  } catch (err) {
    throw new ConfigError(`${source}: cannot parse INI`, { cause: err });
  }
  const data: IniData = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      data[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } else {
      (data[''] ??= {})[key] = String(value);
    }
  }
  return data;
}

/**
 * Loads the first existing INI file of an ordered candidate list (no merging), e.g.
 * `[explicit, ~/oet.ini, project default]`. An entry `{ path, required: true }` must exist.
 */
export async function loadIniConfig(candidates: Array<string | { path: string; required?: boolean } | undefined>): Promise<LoadedIni> {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const { path, required } = typeof candidate === 'string' ? { path: candidate, required: false } : candidate;
    let text: string;
    try {
      text = await readFile(path, 'latin1');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!required && (code === 'ENOENT' || code === 'ENOTDIR')) continue;
      throw new ConfigError(`cannot read config file ${path}: ${code ?? String(err)}`, { cause: err });
    }
    return { path, data: parseIni(text, path) };
  }
  return { path: undefined, data: {} };
}
