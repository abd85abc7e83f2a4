import { parseArgs } from 'node:util';
import { ConfigError, parseIntStrict } from '@observatory/core';
import { resolveOetConfig, type ResolvedConfig } from '@ska/oet-server';
import type { Telescope } from '@ska/telescope-simulator';
import { DEFAULT_OET_INI, EXAMPLE_ODA_DIR, EXAMPLE_SCRIPTS_DIR } from './paths.js';

/** The telescope simulator's default port in the local stack (the same as `telescope-sim`). */
export const DEFAULT_TELESCOPE_PORT = 5100;

export const USAGE = `usage: stack [options]

Starts the local stack: the telescope simulator and the OET REST server in one process, with the
repository's example scripts (apps/oet-rest/scripts). Ctrl-C stops everything.

options:
  --host <host>             bind address of both servers (OET_HOST, default 127.0.0.1)
  --port <port>             OET REST server port, 0 = any free port (OET_PORT, default 5000)
  --telescope-port <port>   telescope simulator port, 0 = any free port (TELSIM_PORT, default ${DEFAULT_TELESCOPE_PORT})
  --telescope <mid|low>     which telescope to simulate (SKA_TELESCOPE, default mid)
  --tango                   also serve the simulator as Tango devices, with an embedded Tango database, and
                            point the OET's scripts at it (TELESCOPE_ACCESS=tango, TANGO_HOST)
  --tango-port <port>       the embedded Tango database's port, 0 = any free port (TANGO_DB_PORT, default 10000)
  --log-level <level>       fatal|error|warn|info|debug|trace|silent (LOG_LEVEL, default info)
  -V, --version             print the versions of the packages the stack runs
  -h, --help                show this help

Other OET settings (OET_BASE_PATH, OET_STOP_GRACE_MS, OET_READ_VIA_PUBSUB, oet.ini, ...) work as for oet-rest.`;

export interface StackConfig {
  host: string;
  telescope: Telescope;
  telescopePort: number;
  /** `--tango`: the embedded Tango database's port (the simulator is served on Tango too). */
  tango?: { port: number };
  logLevel: string;
  /** The OET server's resolved configuration (port, base path, script roots, flags, ...). */
  oet: ResolvedConfig;
}

export type ParsedArgs = { help: true } | { help: false; config: StackConfig };

/** Flags beat the environment, which beats the defaults; invalid values throw `ConfigError`. */
export async function parseStackArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ParsedArgs> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'telescope-port': { type: 'string' },
        telescope: { type: 'string' },
        tango: { type: 'boolean' },
        'tango-port': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message, { cause: err });
  }
  if (values.help) return { help: true };
  const telescope = values.telescope ?? env.SKA_TELESCOPE ?? 'mid';
  if (telescope !== 'mid' && telescope !== 'low') throw new ConfigError(`--telescope must be mid or low, got '${telescope}'`);
  const telescopePortText = values['telescope-port'] ?? env.TELSIM_PORT;
  const telescopePort =
    telescopePortText === undefined || telescopePortText === ''
      ? DEFAULT_TELESCOPE_PORT
      : parseIntStrict(telescopePortText, values['telescope-port'] !== undefined ? '--telescope-port' : 'TELSIM_PORT', { min: 0, max: 65535 });
  const oet = await resolveOetConfig(
    { host: values.host, port: values.port, logLevel: values['log-level'] },
    { scriptRoots: [EXAMPLE_SCRIPTS_DIR], defaultIniFile: DEFAULT_OET_INI, odaDataDir: EXAMPLE_ODA_DIR },
    env,
  );
  const tangoPortText = values['tango-port'] ?? env.TANGO_DB_PORT;
  const tango = values.tango
    ? { port: tangoPortText === undefined || tangoPortText === '' ? 10000 : parseIntStrict(tangoPortText, values['tango-port'] !== undefined ? '--tango-port' : 'TANGO_DB_PORT', { min: 0, max: 65535 }) }
    : undefined;
  return { help: false, config: { host: oet.server.host ?? '127.0.0.1', telescope, telescopePort, ...(tango ? { tango } : {}), logLevel: oet.logLevel, oet } };
}
