import { describe, expect, it } from 'vitest';
import { DEFAULT_OET_INI, EXAMPLE_SCRIPTS_DIR } from './paths.js';
import { DEFAULT_TELESCOPE_PORT, parseStackArgs } from './stack-config.js';

const home = { HOME: '/nonexistent-home' };

describe('parseStackArgs', () => {
  it('defaults: 127.0.0.1, OET on 5000, telescope simulator on 5100 (mid), the example scripts as root', async () => {
    const parsed = await parseStackArgs([], home);
    if (parsed.help) throw new Error('unexpected help');
    const { config } = parsed;
    expect(config).toMatchObject({ host: '127.0.0.1', telescope: 'mid', telescopePort: DEFAULT_TELESCOPE_PORT, logLevel: 'info' });
    expect(config.oet.server).toMatchObject({ host: '127.0.0.1', port: 5000, scriptRoots: [EXAMPLE_SCRIPTS_DIR] });
    expect(config.oet.flags.file).toBe(DEFAULT_OET_INI);
  });

  it('takes flags over the environment, port 0 included', async () => {
    const env = { ...home, OET_PORT: '6000', TELSIM_PORT: '6100', SKA_TELESCOPE: 'low' };
    const fromEnv = await parseStackArgs([], env);
    expect(fromEnv).toMatchObject({ config: { telescope: 'low', telescopePort: 6100, oet: { server: { port: 6000 } } } });
    const fromFlags = await parseStackArgs(['--port', '0', '--telescope-port', '0', '--telescope', 'mid', '--host', '127.0.0.2'], env);
    expect(fromFlags).toMatchObject({ config: { host: '127.0.0.2', telescope: 'mid', telescopePort: 0, oet: { server: { port: 0 } } } });
  });

  it('answers --help', async () => {
    expect(await parseStackArgs(['-h'], home)).toEqual({ help: true });
  });

  it.each([
    [['--telescope', 'big'], /--telescope must be mid or low/],
    [['--telescope-port', '70000'], /--telescope-port must be <= 65535/],
    [['--port', 'x'], /--port must be an integer/],
    [['--nope'], /Unknown option '--nope'/],
  ])('refuses %j with a ConfigError', async (argv, message) => {
    await expect(parseStackArgs(argv, home)).rejects.toMatchObject({ code: 'CORE_CONFIG_INVALID', message: expect.stringMatching(message) as unknown });
  });

  it('names TELSIM_PORT when the environment is wrong', async () => {
    await expect(parseStackArgs([], { ...home, TELSIM_PORT: 'abc' })).rejects.toThrow(/TELSIM_PORT must be an integer/);
  });
});
