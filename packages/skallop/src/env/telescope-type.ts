import { ConfigError } from '@observatory/core';

export type TelescopeType = 'mid' | 'low';

export interface TelescopeTypeResult {
  telescope: TelescopeType;
  /** Where the value came from: an option, a variable name, or the default. */
  source: 'option' | 'SKA_TELESCOPE' | 'TEL' | 'default';
  warning?: string;
}

const SKA_TELESCOPE_VALUES: Record<string, TelescopeType> = { 'ska-low': 'low', 'ska-mid': 'mid' };
const TEL_VALUES: Record<string, TelescopeType> = { low: 'low', mid: 'mid' };

function parse(name: string, raw: string | undefined, table: Record<string, TelescopeType>): TelescopeType | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const found = table[raw.trim().toLowerCase()];
  if (!found) {
    const allowed = Object.keys(table).join(' or ');
    throw new ConfigError(`${name} must be ${allowed} (any case), got '${raw}'`);
  }
  return found;
}

/**
 * Which telescope the SUT is: the option, else `SKA_TELESCOPE` (`SKA-low`/`SKA-Mid`), else `TEL` (`low`/`mid`),
 * else mid. Both variables are validated; when they disagree `SKA_TELESCOPE` wins with a warning.
 */
export function resolveTelescopeType(option: TelescopeType | undefined, env: NodeJS.ProcessEnv = process.env): TelescopeTypeResult {
  const fromSka = parse('SKA_TELESCOPE', env.SKA_TELESCOPE, SKA_TELESCOPE_VALUES);
  const fromTel = parse('TEL', env.TEL, TEL_VALUES);
  if (option !== undefined) {
    if (option !== 'mid' && option !== 'low') throw new ConfigError(`skallopOptions.telescope must be 'mid' or 'low', got '${String(option)}'`);
    return { telescope: option, source: 'option' };
  }
  if (fromSka) {
    const warning =
      fromTel && fromTel !== fromSka
        ? `SKA_TELESCOPE=${env.SKA_TELESCOPE} and TEL=${env.TEL} disagree; using SKA_TELESCOPE (${fromSka})`
        : undefined;
    return warning ? { telescope: fromSka, source: 'SKA_TELESCOPE', warning } : { telescope: fromSka, source: 'SKA_TELESCOPE' };
  }
  if (fromTel) return { telescope: fromTel, source: 'TEL' };
  return { telescope: 'mid', source: 'default' };
}
