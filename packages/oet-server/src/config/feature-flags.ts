import os from 'node:os';
import path from 'node:path';
import { loadIniConfig, parseBoolean } from '@observatory/core';
import type { OetFlags } from '../script-types.js';

export interface LoadedFlags {
  flags: OetFlags;
  /** `defaults`, the ini file read, or `env:OET_READ_VIA_PUBSUB` when the variable decided. */
  source: string;
  /** The ini file read, if any. */
  file: string | undefined;
  /** Unknown keys and similar non-fatal findings. */
  warnings: string[];
}

export interface LoadFlagsOptions {
  /** `--config` / `OET_CONFIG`: must exist. */
  explicitFile?: string;
  /** Home directory (`oet.ini` there beats the project default); default `os.homedir()`. */
  homeDir?: string;
  /** The project's default file, e.g. `apps/oet-rest/oet.ini`. */
  defaultFile?: string;
  env?: NodeJS.ProcessEnv;
}

const KNOWN: Record<string, ReadonlySet<string>> = { tango: new Set(['read_via_pubsub']) };

/**
 * Feature flags (deliberate difference O-DIFF-13): the first `oet.ini` found wins (explicit file, home
 * directory, project default; no merging), then `OET_READ_VIA_PUBSUB` overrides.
 */
export async function loadFeatureFlags(options: LoadFlagsOptions = {}): Promise<LoadedFlags> {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? os.homedir();
  const candidates = options.explicitFile
    ? [{ path: path.resolve(options.explicitFile), required: true }]
    : [path.join(home, 'oet.ini'), options.defaultFile];
  const { path: file, data } = await loadIniConfig(candidates);
  const flags: OetFlags = { read_via_pubsub: false };
  const warnings: string[] = [];
  for (const [section, entries] of Object.entries(data)) {
    for (const [key, value] of Object.entries(entries)) {
      if (!KNOWN[section]?.has(key)) {
        warnings.push(`${file ?? 'oet.ini'}: unknown key [${section}] ${key}`);
        continue;
      }
      if (section === 'tango' && key === 'read_via_pubsub') {
        flags.read_via_pubsub = parseBoolean(stripComment(value), `${file ?? 'oet.ini'} [tango] read_via_pubsub`);
      }
    }
  }
  let source = file ?? 'defaults';
  const override = env.OET_READ_VIA_PUBSUB;
  if (override !== undefined && override.trim() !== '') {
    flags.read_via_pubsub = parseBoolean(override, 'OET_READ_VIA_PUBSUB');
    source = 'env:OET_READ_VIA_PUBSUB';
  }
  return { flags, source, file, warnings };
}

/** `ini` keeps a trailing `; comment` after a value with spaces; drop it. */
function stripComment(value: string): string {
  return value.replace(/\s+[;#].*$/, '').trim();
}

