import { ConfigError } from '../errors/core-errors.js';

/** Reads one variable from an environment; `undefined` when unset or empty. */
export type EnvVar<T> = (env: NodeJS.ProcessEnv) => T;

function raw(env: NodeJS.ProcessEnv, names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return [name, value.trim()];
  }
  return undefined;
}

const asNames = (name: string | string[]): string[] => (Array.isArray(name) ? name : [name]);

/** A string variable (first set name wins when several are given, e.g. a legacy alias). */
export function envString(name: string | string[], fallback: string): EnvVar<string>;
export function envString(name: string | string[]): EnvVar<string | undefined>;
export function envString(name: string | string[], fallback?: string): EnvVar<string | undefined> {
  return (env) => raw(env, asNames(name))?.[1] ?? fallback;
}

/** An integer variable with optional bounds. */
export function envInt(name: string | string[], fallback: number, bounds: { min?: number; max?: number } = {}): EnvVar<number> {
  return (env) => {
    const found = raw(env, asNames(name));
    if (!found) return fallback;
    return parseIntStrict(found[1], found[0], bounds);
  };
}

/** Parses a whole number, naming `what` in the `ConfigError` on failure. */
export function parseIntStrict(text: string, what: string, bounds: { min?: number; max?: number } = {}): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new ConfigError(`${what} must be an integer, got '${text}'`);
  const value = Number(text);
  if (bounds.min !== undefined && value < bounds.min) throw new ConfigError(`${what} must be >= ${bounds.min}, got ${value}`);
  if (bounds.max !== undefined && value > bounds.max) throw new ConfigError(`${what} must be <= ${bounds.max}, got ${value}`);
  return value;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Parses `true/false/yes/no/on/off/1/0` in any case, naming `what` in the `ConfigError` on failure. */
export function parseBoolean(text: string, what: string): boolean {
  const lower = text.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  throw new ConfigError(`${what} must be a boolean (true/false/yes/no/on/off/1/0), got '${text}'`);
}

export function envBool(name: string | string[], fallback: boolean): EnvVar<boolean> {
  return (env) => {
    const found = raw(env, asNames(name));
    return found ? parseBoolean(found[1], found[0]) : fallback;
  };
}

/** One of a fixed set of values. */
export function envEnum<const T extends string>(name: string | string[], values: readonly T[], fallback: T): EnvVar<T> {
  return (env) => {
    const found = raw(env, asNames(name));
    if (!found) return fallback;
    if (!(values as readonly string[]).includes(found[1])) {
      throw new ConfigError(`${found[0]} must be one of ${values.join(', ')}, got '${found[1]}'`);
    }
    return found[1] as T;
  };
}

/** A list split on a separator (default: the platform path delimiter `:`). */
export function envList(name: string | string[], fallback: string[] = [], separator = ':'): EnvVar<string[]> {
  return (env) => {
    const found = raw(env, asNames(name));
    return found ? found[1].split(separator).map((s) => s.trim()).filter(Boolean) : fallback;
  };
}

/**
 * Reads a typed configuration object from the environment in one go:
 * `readEnv({ port: envInt('OET_PORT', 5000, { min: 0, max: 65535 }) })`.
 * The first invalid variable throws `ConfigError` naming it.
 */
export function readEnv<S extends Record<string, EnvVar<unknown>>>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
): { [K in keyof S]: ReturnType<S[K]> } {
  const out = {} as { [K in keyof S]: ReturnType<S[K]> };
  for (const key of Object.keys(spec) as Array<keyof S>) out[key] = spec[key]!(env) as ReturnType<S[typeof key]>;
  return out;
}
