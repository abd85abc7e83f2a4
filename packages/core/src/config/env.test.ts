import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/core-errors.js';
import { envBool, envEnum, envInt, envList, envString, parseBoolean, readEnv } from './env.js';

describe('readEnv', () => {
  const spec = {
    host: envString('APP_HOST', '127.0.0.1'),
    port: envInt('APP_PORT', 5000, { min: 0, max: 65535 }),
    debug: envBool('APP_DEBUG', false),
    mode: envEnum('APP_MODE', ['mid', 'low'] as const, 'mid'),
    roots: envList('APP_ROOTS'),
    legacy: envString(['APP_URL', 'APP_OLD_URI']),
  };

  it('uses defaults when variables are unset or empty', () => {
    expect(readEnv(spec, { APP_PORT: '  ' })).toEqual({ host: '127.0.0.1', port: 5000, debug: false, mode: 'mid', roots: [], legacy: undefined });
  });

  it('parses every kind, the first set alias winning', () => {
    const env = { APP_HOST: '0.0.0.0', APP_PORT: '0', APP_DEBUG: 'YES', APP_MODE: 'low', APP_ROOTS: '/a:/b::', APP_OLD_URI: 'http://old' };
    expect(readEnv(spec, env)).toEqual({ host: '0.0.0.0', port: 0, debug: true, mode: 'low', roots: ['/a', '/b'], legacy: 'http://old' });
  });

  it.each([
    [{ APP_PORT: '50x' }, /APP_PORT must be an integer/],
    [{ APP_PORT: '70000' }, /APP_PORT must be <= 65535/],
    [{ APP_DEBUG: 'maybe' }, /APP_DEBUG must be a boolean/],
    [{ APP_MODE: 'high' }, /APP_MODE must be one of mid, low/],
  ])('names the invalid variable: %o', (env, message) => {
    expect(() => readEnv(spec, env)).toThrow(message);
    try {
      readEnv(spec, env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).code).toBe('CORE_CONFIG_INVALID');
    }
  });

  it.each(['true', 'On', '1', 'yes'])('reads %s as true', (text) => expect(parseBoolean(text, 'x')).toBe(true));
  it.each(['false', 'OFF', '0', 'no'])('reads %s as false', (text) => expect(parseBoolean(text, 'x')).toBe(false));
});
