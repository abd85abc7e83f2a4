import type { ScriptInput } from '../script-types.js';
import { InvalidOdaIdError, InvalidSbdError } from './oda-errors.js';
import type { PdmActivity, SbDefinition } from './oda-types.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Checks an SBD/SBI id before it names a file or a row. */
export function checkOdaId(id: string): string {
  if (!ID.test(id)) throw new InvalidOdaIdError(id);
  return id;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function functionArgs(value: unknown, where: string, field: string): Partial<Record<string, ScriptInput>> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new InvalidSbdError(where, field, 'must be an object keyed by function name');
  const out: Partial<Record<string, ScriptInput>> = {};
  for (const [fn, entry] of Object.entries(value)) {
    const at = `${field}.${fn}`;
    if (!isObject(entry)) throw new InvalidSbdError(where, at, 'must be an object with args and kwargs');
    const { args = [], kwargs = {} } = entry;
    if (!Array.isArray(args)) throw new InvalidSbdError(where, `${at}.args`, 'must be an array');
    if (!isObject(kwargs)) throw new InvalidSbdError(where, `${at}.kwargs`, 'must be an object');
    out[fn] = { args, kwargs };
  }
  return out;
}

function activity(value: unknown, where: string, field: string): PdmActivity {
  if (!isObject(value)) throw new InvalidSbdError(where, field, 'must be an object');
  const str = (key: string, required: boolean): string | undefined => {
    const v = value[key];
    if (v === undefined || v === null) {
      if (required) throw new InvalidSbdError(where, `${field}.${key}`, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v === '') throw new InvalidSbdError(where, `${field}.${key}`, 'must be a non-empty string');
    return v;
  };
  const args = functionArgs(value.function_args, where, `${field}.function_args`);
  const kind = value.kind;
  if (kind === 'filesystem') return { kind, path: str('path', true)!, function_args: args };
  if (kind === 'git') {
    const branch = str('branch', false);
    const commit = str('commit', false);
    return { kind, path: str('path', true)!, repo: str('repo', true)!, ...(branch ? { branch } : {}), ...(commit ? { commit } : {}), function_args: args };
  }
  throw new InvalidSbdError(where, `${field}.kind`, `must be 'filesystem' or 'git', got ${JSON.stringify(kind)}`);
}

/**
 * Validates a PDM-shaped SBDefinition (`sbd_id`, `metadata.version`, `telescope`, `activities`); `where` names
 * the file or row in errors. The document itself is kept whole.
 */
export function parseSbd(document: unknown, where: string): SbDefinition {
  if (!isObject(document)) throw new InvalidSbdError(where, '', 'must be a JSON object');
  const { sbd_id: sbdId, metadata, telescope, activities } = document;
  if (typeof sbdId !== 'string') throw new InvalidSbdError(where, 'sbd_id', 'is required (a string)');
  checkOdaId(sbdId);
  const meta = metadata === undefined ? {} : metadata;
  if (!isObject(meta)) throw new InvalidSbdError(where, 'metadata', 'must be an object');
  const version = meta.version ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new InvalidSbdError(where, 'metadata.version', 'must be a non-negative integer');
  }
  if (telescope !== undefined && telescope !== null && typeof telescope !== 'string') {
    throw new InvalidSbdError(where, 'telescope', 'must be a string');
  }
  if (!isObject(activities)) throw new InvalidSbdError(where, 'activities', 'is required (an object keyed by activity name)');
  const parsed: Record<string, PdmActivity> = {};
  for (const [name, value] of Object.entries(activities)) parsed[name] = activity(value, where, `activities.${name}`);
  return {
    sbd_id: sbdId,
    telescope: (telescope as string | undefined) ?? null,
    metadata: { ...meta, version },
    activities: parsed,
    raw: document,
  };
}

/** Parses the text of an SBD file; bad JSON names the file. */
export function parseSbdText(text: string, where: string): SbDefinition {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new InvalidSbdError(where, '', `is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseSbd(document, where);
}
